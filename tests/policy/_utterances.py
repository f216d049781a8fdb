"""A config with two utterance routes (billing, weather) and prompts about each, shared by the
policy and CLI tests. Clearly distinct topics, five examples per route, paraphrases that share
few words with them."""

CONFIG = """
version: 1
providers: {sim: {kind: simulator}}
models:
  small: {provider: sim, price: {input: 0.1, output: 0.1}}
  large: {provider: sim, price: {input: 5, output: 5}}
classifier:
  local_model: {enabled: %(local)s}
policy:
  default_route: general
  utterance_negatives:
    - write a haiku about autumn
    - explain quicksort in python
    - who won the football world cup in 1998
    - summarise this article about the history of Rome
    - translate 'good morning' into German
  routes:
    - name: code
      when: {any: [code]}
      candidates: [large]
    - name: billing
      when:
        max_tokens: 40
        utterances:
          - I was charged twice for my order
          - please refund my payment
          - update the credit card on my account
          - why is my invoice so high this month
          - cancel my subscription and stop billing me
      candidates: [small]
    - name: weather
      when:
        utterances:
          - will it rain tomorrow
          - what is the forecast for Paris this weekend
          - how hot will it be today
          - is it going to snow in Denver tonight
          - do I need an umbrella this afternoon
      candidates: [small]
    - name: general
      candidates: [large]
"""

BILLING = [
    "I need a refund for a payment that went through twice",
    "how do I change the credit card you bill me with?",
    "my card was charged two times, please give me my money back",
]
WEATHER = [
    "is it going to rain in London tomorrow?",
    "what's the weather forecast for the weekend?",
]
UNRELATED = [
    "implement a binary search tree in rust",
    "write a short story about a dragon",
]
