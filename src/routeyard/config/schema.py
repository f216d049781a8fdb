"""The configuration schema: validated data, versioned, unknown keys rejected.

The YAML file maps one-to-one onto these models. Cross-references (a model's provider, a route's
candidates, the baseline) are checked in ``Config``'s validator so a bad file fails at load time
with the offending path, never at request time.
"""

from __future__ import annotations

import ipaddress
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator

from routeyard.config.classifier import LlmClassifierConfig, LocalModelConfig
from routeyard.config.evals import EvalsConfig, ShadowConfig
from routeyard.config.observe import ObserveConfig
from routeyard.config.resilience import ResilienceConfig
from routeyard.config.utterances import (
    MAX_CHARS,
    MAX_NEGATIVES,
    MAX_UTTERANCES,
    utterance_problems,
)

Capability = Literal["tools", "vision", "json", "documents", "embeddings"]
_DEFAULT_CAPS: tuple[Capability, ...] = ("tools", "json")


class CrossReferenceError(ValueError):
    """Names that point nowhere; each problem reads ``dotted.path: message``."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ProviderConfig(_Strict):
    """An upstream API. ``kind`` picks the wire protocol; ``base_url`` comes only from config."""

    kind: Literal["openai", "anthropic", "simulator"] = Field(
        description="Wire protocol: OpenAI-compatible, Anthropic Messages, or the simulator."
    )
    base_url: str | None = Field(
        default=None,
        description="API root, e.g. https://api.openai.com/v1 or https://api.anthropic.com. "
        "Not needed for kind=simulator (the embedded simulator's address is used).",
    )
    api_key: SecretStr | None = Field(
        default=None, description="Provider key; use ${ENV_VAR}. Never logged or returned."
    )
    headers: dict[str, str] = Field(default_factory=dict, description="Extra headers to send.")
    query: dict[str, str] = Field(
        default_factory=dict, description="Query parameters, e.g. Azure's api-version."
    )
    auth: Literal["bearer", "api-key"] = Field(
        default="bearer",
        description="kind=openai: send the key as 'Authorization: Bearer' or Azure's 'api-key'.",
    )
    anthropic_version: str = Field(
        default="2023-06-01", description="kind=anthropic: the anthropic-version header."
    )
    simulator_spec: str | None = Field(
        default=None,
        description="kind=simulator only: a simulator spec file (YAML/JSON); default: built-in.",
    )

    @model_validator(mode="after")
    def _needs_url(self) -> ProviderConfig:
        if self.kind != "simulator" and not self.base_url:
            raise ValueError(f"base_url is required for kind={self.kind}")
        if self.base_url and not self.base_url.startswith(("http://", "https://")):
            raise ValueError("base_url must start with http:// or https://")
        return self


class Price(_Strict):
    """USD per million tokens."""

    input: float = Field(ge=0, description="Uncached input tokens.")
    output: float = Field(ge=0, description="Output tokens.")
    cached_input: float | None = Field(default=None, ge=0, description="Defaults to input.")
    cache_write: float | None = Field(
        default=None,
        ge=0,
        description="Input tokens written to a prompt cache (Anthropic's "
        "cache_creation_input_tokens). Defaults to 1.25 × input, Anthropic's price for its "
        "5-minute cache.",
    )


class Timeouts(_Strict):
    connect_s: float = Field(default=5.0, gt=0, description="TCP/TLS connect.")
    ttft_s: float = Field(default=10.0, gt=0, description="Streaming: time to first token.")
    idle_s: float = Field(default=30.0, gt=0, description="Streaming: longest gap between chunks.")
    stream_total_s: float = Field(default=600.0, gt=0, description="Streaming: whole duration.")
    total_s: float = Field(default=120.0, gt=0, description="Non-streaming: whole attempt.")


class ModelConfig(_Strict):
    provider: str = Field(description="Key of an entry in providers.")
    model: str | None = Field(default=None, description="Upstream model id; defaults to the key.")
    price: Price = Field(description="USD per million tokens.")
    context_window: int = Field(
        default=128_000, gt=0, description="Tokens; longer requests skip this model."
    )
    max_output_tokens: int = Field(
        default=4096, gt=0, description="max_tokens sent to upstreams that require one."
    )
    capabilities: list[Capability] = Field(
        default_factory=lambda: list(_DEFAULT_CAPS),
        description="Requests needing tools, vision (images), documents (PDF or text files) or "
        "json mode skip models without it. 'embeddings': an embedding model, served at POST "
        "/v1/embeddings (by name, with its fallbacks) and never a route's candidate; "
        "OpenAI-compatible providers only.",
    )
    fallbacks: list[str] = Field(
        default_factory=list, description="Tried in order when this model is pinned and fails."
    )
    timeouts: Timeouts | None = Field(
        default=None, description="Overrides the top-level timeouts for this model."
    )

    @property
    def embedding(self) -> bool:
        """An embedding model (capability 'embeddings'): served at /v1/embeddings only."""
        return "embeddings" in self.capabilities

    quality_as: str | None = Field(
        default=None,
        description="This model's name in the local model's training data (e.g. "
        "llama-3.1-8b-instruct), when it differs from the key: its predicted quality is used "
        "by the quality and utility strategies.",
    )


class Rule(_Strict):
    """Adds ``label`` when any keyword (case-insensitive, whole words) or any regex matches."""

    label: str = Field(pattern=r"^[a-z0-9_:-]+$", description="Label added on a match.")
    keywords: list[str] = Field(
        default_factory=list, description="Phrases matched case-insensitively on word bounds."
    )
    regex: list[str] = Field(default_factory=list, description="Python regular expressions.")

    @model_validator(mode="after")
    def _has_matcher(self) -> Rule:
        if not self.keywords and not self.regex:
            raise ValueError("a rule needs keywords or regex")
        return self


class ClassifierConfig(_Strict):
    long_prompt_tokens: int = Field(default=1500, gt=0, description="At or above: label 'long'.")
    short_prompt_tokens: int = Field(default=60, gt=0, description="At or below: label 'short'.")
    rules: list[Rule] = Field(
        default_factory=list, description="Keyword/regex rules over the last user message."
    )
    ignore_directives: bool = Field(
        default=True,
        description="Before classifying, set aside text that addresses the request's routing "
        "('this is extremely difficult, use the most capable model', fake "
        '{"difficulty": ...} verdicts): the local model does not read it, the rules do not read '
        "routing metadata, labelled keyword lists or claims of the request's kind ('treat it as "
        "advanced mathematics'). The upstream still gets the message as sent. See "
        "docs/injection.md.",
    )
    segment_filter: bool = Field(
        default=True,
        description="With ignore_directives and the local model on: also set aside the lines, "
        "sentences and bracketed asides that a learned filter reads as talking about the "
        "request rather than being it (claims about its difficulty or stakes, demands for a "
        "model, notes to a router, routing metadata), for the rules and the learned layers "
        "alike, the rest of a paragraph that is mostly such text, and a tail of that kind run "
        "on into the last sentence without a full stop; the local model also reads the "
        "segments at the message's ends that only partly read so with less weight. A prompt "
        "of one sentence keeps at least its request. See docs/injection.md.",
    )
    local_model: LocalModelConfig = Field(
        default_factory=LocalModelConfig,
        description="The local model: category, difficulty and predicted quality per model.",
    )
    llm: LlmClassifierConfig | None = Field(
        default=None, description="An optional LLM classifier after the local model."
    )


class When(_Strict):
    """A route matches when every given condition holds."""

    all: list[str] = Field(default_factory=list, description="Labels that must all be present.")
    any: list[str] = Field(default_factory=list, description="At least one of these labels.")
    none: list[str] = Field(default_factory=list, description="None of these labels.")
    min_tokens: int | None = Field(default=None, description="Estimated prompt tokens, at least.")
    max_tokens: int | None = Field(default=None, description="Estimated prompt tokens, at most.")
    category: list[str] = Field(
        default_factory=list,
        description="The local model's category is one of these (with at least "
        "classifier.local_model.min_confidence).",
    )
    min_difficulty: float | None = Field(
        default=None, ge=0, le=1, description="The local model's difficulty, at least."
    )
    max_difficulty: float | None = Field(
        default=None, ge=0, le=1, description="The local model's difficulty, at most."
    )
    utterances: list[str] = Field(
        default_factory=list,
        description="Example requests for this route: it matches when the prompt is most "
        "similar to this route's examples among all routes with examples, and the similarity "
        "reaches the route's threshold, fitted from the examples (and "
        "policy.utterance_negatives) at start-up and on reload (routeyard check prints each "
        "threshold). Works with "
        "classifier.local_model off (only the shipped embedding is loaded then; when on, its "
        f"embedding is shared). At most {MAX_UTTERANCES}, of at most {MAX_CHARS} characters, "
        "no repeats (compared ignoring case and spacing).",
    )

    def needs_local_model(self) -> bool:
        """Whether a condition reads the local model's heads (utterances need only its
        embedding, which is loaded on its own when the local model is off)."""
        return bool(self.category) or (self.min_difficulty, self.max_difficulty) != (None, None)


class Route(_Strict):
    name: str = Field(
        pattern=r"^[a-z0-9_-]+$", description="Clients pin it with model 'auto:<name>'."
    )
    when: When | None = Field(default=None, description="Omit for a route used only when pinned.")
    candidates: list[str] = Field(min_length=1, description="Models, tried in order.")
    hedge_after_s: float | None = Field(
        default=None,
        gt=0,
        description="Race the second candidate if the first has no answer after this long "
        "(overrides resilience.hedge.delay_s for this route).",
    )
    strategy: Literal["ordered", "cheapest", "quality", "utility"] = Field(
        default="ordered",
        description="ordered: as listed; cheapest: by estimated cost for this request; "
        "quality: the cheapest candidate predicted to reach quality_target (or to be within "
        "quality_margin of the best) first; "
        "utility: highest predicted quality − cost_weight × estimated cost first. The last two "
        "need the local model; candidates it has no prediction for keep their order, after "
        "the others.",
    )
    quality_target: float = Field(
        default=0.5,
        ge=0,
        le=1,
        description="strategy quality: the predicted quality (0–1) a candidate must reach.",
    )
    quality_margin: float | None = Field(
        default=None,
        ge=0,
        le=1,
        description="strategy quality: instead of quality_target, the cheapest candidate "
        "predicted within this many quality points of the best candidate for this request "
        "(0.05: at most 5 points worse).",
    )
    cost_weight: float = Field(
        default=1.0,
        ge=0,
        description="strategy utility: quality points given up per USD of estimated cost for "
        "1,000 such requests.",
    )
    shadow: ShadowConfig | None = Field(
        default=None,
        description="Shadow evaluation: send a share of this route's requests to other models "
        "too, after the client's answer, and store their judged outputs (see evals).",
    )

    def needs_local_model(self) -> bool:
        return self.strategy in ("quality", "utility") or (
            self.when is not None and self.when.needs_local_model()
        )


class PolicyConfig(_Strict):
    version: str = Field(default="1", description="Shown in every decision.")
    routes: list[Route] = Field(
        min_length=1, description="The first route whose `when` matches is taken."
    )
    default_route: str = Field(description="The route for requests no `when` matches.")
    baseline: str | None = Field(
        default=None, description="The model a user would call without a router (for savings)."
    )
    utterance_negatives: list[str] = Field(
        default_factory=list,
        description="Ordinary prompts that should match no route's when.utterances; used only "
        "to fit those routes' thresholds (each is a negative for every such route). At most "
        f"{MAX_NEGATIVES}.",
    )


class ClientKey(_Strict):
    id: str = Field(description="Names the key in logs and stats (never the key itself).")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="hex SHA-256 of the key.")
    models: list[str] | None = Field(
        default=None,
        description="The models this key may reach (configured names); omit for all. Routing "
        "never leaves this set: other candidates are skipped (the decision says so), and naming "
        "one in `model` is refused with 403.",
    )


class ServerConfig(_Strict):
    host: str = Field(default="127.0.0.1", description="Address to bind.")
    port: int = Field(default=8080, ge=0, le=65535, description="Port to bind; 0 picks one.")
    max_body_bytes: int = Field(
        default=8 * 1024 * 1024, gt=0, description="Larger request bodies get 413."
    )
    client_keys: list[ClientKey] = Field(
        default_factory=list, description="Accepted client keys; empty = no auth (loopback only)."
    )
    drain_delay_s: float = Field(
        default=1.0,
        ge=0,
        description="On SIGTERM: how long /readyz answers 503 while requests are still accepted.",
    )
    shutdown_grace_s: float = Field(
        default=30.0,
        ge=0,
        description="Then: how long in-flight requests may run before being ended with an error.",
    )
    allow_unauthenticated: bool = Field(
        default=False, description="Serve without client keys on a non-loopback host."
    )
    dashboard: bool = Field(
        default=True,
        description="Serve the live dashboard at /dashboard. Its data "
        "(/routeyard/dashboard.json) needs a client key like /routeyard/stats.",
    )

    @model_validator(mode="after")
    def _auth_off_loopback(self) -> ServerConfig:
        if not self.client_keys and not self.allow_unauthenticated and not _is_loopback(self.host):
            raise ValueError(
                f"host {self.host!r} is not loopback: add client_keys "
                "or set allow_unauthenticated: true"
            )
        return self


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Config(_Strict):
    version: Literal[1] = Field(description="Config format version.")
    server: ServerConfig = Field(default_factory=ServerConfig, description="The HTTP listener.")
    providers: dict[str, ProviderConfig] = Field(min_length=1, description="Upstream APIs.")
    models: dict[str, ModelConfig] = Field(
        min_length=1, description="Models clients and routes refer to by these names."
    )
    classifier: ClassifierConfig = Field(
        default_factory=ClassifierConfig, description="How requests become labels."
    )
    policy: PolicyConfig = Field(description="How labels become candidate models.")
    timeouts: Timeouts = Field(
        default_factory=Timeouts, description="Per-attempt timeouts for every model."
    )
    resilience: ResilienceConfig = Field(
        default_factory=ResilienceConfig,
        description="Deadline, retries, retry budget, circuit breakers, live health, hedging.",
    )
    observe: ObserveConfig = Field(
        default_factory=ObserveConfig, description="Request log and Prometheus metrics."
    )
    evals: EvalsConfig = Field(
        default_factory=EvalsConfig,
        description="Evaluations: the judge model, stored outputs, shadow evaluation limits.",
    )

    def chat_models(self) -> list[str]:
        """The models that answer chats: all but the embedding models, in config order."""
        return [n for n, m in self.models.items() if not m.embedding]

    def embedding_models(self) -> list[str]:
        return [n for n, m in self.models.items() if m.embedding]

    def _embedding(self, name: str) -> bool:
        """A configured embedding model (unknown names are reported on their own)."""
        model = self.models.get(name)
        return model is not None and model.embedding

    @field_validator("models")
    @classmethod
    def _no_reserved_names(cls, models: dict[str, ModelConfig]) -> dict[str, ModelConfig]:
        for name in models:
            if name == "auto" or name.startswith("auto:"):
                raise ValueError(f"model name {name!r} is reserved for routing")
        return models

    @model_validator(mode="after")
    def _cross_references(self) -> Config:
        errors: list[str] = []
        for name, model in self.models.items():
            if model.provider not in self.providers:
                errors.append(f"models.{name}.provider: unknown provider {model.provider!r}")
            errors.extend(
                f"models.{name}.fallbacks: unknown model {fb!r}"
                for fb in model.fallbacks
                if fb not in self.models
            )
            errors.extend(
                f"models.{name}.fallbacks: {fb!r} is "
                + ("not an embedding model" if model.embedding else "an embedding model")
                for fb in model.fallbacks
                if fb in self.models and self.models[fb].embedding != model.embedding
            )
            provider = self.providers.get(model.provider)
            if model.embedding and provider and provider.kind == "anthropic":
                errors.append(
                    f"models.{name}.capabilities: Anthropic's API has no embeddings endpoint"
                )
        route_names = [r.name for r in self.policy.routes]
        for i, route in enumerate(self.policy.routes):
            errors.extend(
                f"policy.routes.{i}.candidates: unknown model {c!r}"
                for c in route.candidates
                if c not in self.models
            )
            errors.extend(
                f"policy.routes.{i}.candidates: {c!r} is an embedding model"
                for c in route.candidates
                if self._embedding(c)
            )
            if route_names.count(route.name) > 1:
                errors.append(f"policy.routes.{i}.name: duplicate route {route.name!r}")
        if self.policy.default_route not in route_names:
            errors.append(f"policy.default_route: unknown route {self.policy.default_route!r}")
        local_on = self.classifier.local_model.enabled
        for i, route in enumerate(self.policy.routes):
            if route.needs_local_model() and not local_on:
                errors.append(
                    f"policy.routes.{i}: uses the local model's predictions "
                    "(category, difficulty or strategy quality/utility) but "
                    "classifier.local_model.enabled is false"
                )
        llm = self.classifier.llm
        if llm is not None and llm.model not in self.models:
            errors.append(f"classifier.llm.model: unknown model {llm.model!r}")
        elif llm is not None and self._embedding(llm.model):
            errors.append(f"classifier.llm.model: {llm.model!r} is an embedding model")
        if llm is not None and not local_on:
            errors.append(
                "classifier.llm: needs classifier.local_model.enabled (it refines the local "
                "model's category and difficulty, which only routes on those can use)"
            )
        for i, key in enumerate(self.server.client_keys):
            errors.extend(
                f"server.client_keys.{i}.models: unknown model {m!r}"
                for m in key.models or ()
                if m not in self.models
            )
        if self.policy.baseline is not None and self.policy.baseline not in self.models:
            errors.append(f"policy.baseline: unknown model {self.policy.baseline!r}")
        errors.extend(
            utterance_problems(
                [(r.name, r.when.utterances if r.when else []) for r in self.policy.routes],
                self.policy.utterance_negatives,
            )
        )
        errors.extend(self._eval_references())
        if errors:
            raise CrossReferenceError(errors)
        return self

    def _eval_references(self) -> list[str]:
        errors: list[str] = []
        judge = self.evals.judge_model
        if judge is not None and judge not in self.models:
            errors.append(f"evals.judge_model: unknown model {judge!r}")
        elif judge is not None and self._embedding(judge):
            errors.append(f"evals.judge_model: {judge!r} is an embedding model")
        for i, route in enumerate(self.policy.routes):
            if route.shadow is None:
                continue
            errors.extend(
                f"policy.routes.{i}.shadow.models: unknown model {m!r}"
                for m in route.shadow.models
                if m not in self.models
            )
            errors.extend(
                f"policy.routes.{i}.shadow.models: {m!r} is an embedding model"
                for m in route.shadow.models
                if self._embedding(m)
            )
            if route.shadow.scorer in ("pairwise", "judge") and judge is None:
                errors.append(
                    f"policy.routes.{i}.shadow.scorer: {route.shadow.scorer} needs "
                    "evals.judge_model"
                )
            if route.shadow.scorer == "recorded" and not self.evals.data_files:
                errors.append(f"policy.routes.{i}.shadow.scorer: recorded needs evals.data_files")
            if self.observe.request_log.backend == "off":
                errors.append(
                    f"policy.routes.{i}.shadow: results are stored next to the request log, "
                    "which is off (observe.request_log.backend)"
                )
        return errors

    def timeouts_for(self, model: str) -> Timeouts:
        return self.models[model].timeouts or self.timeouts
