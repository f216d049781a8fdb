/* Lexicon: a table from ASCII words to Python objects, probed with words read straight out of a
 * text, so a long prompt's hundreds of words never become str objects.
 *
 * Splitting a 2,000-character prompt into words costs more than anything routeyard then does
 * with them: ~350 str objects to allocate, hash and free, for a handful of lookups. The two
 * readers that need every word are served here instead:
 *
 * - ``words_in(text)``: which keys occur among the words of ``text`` (a word: a run of
 *   characters that are neither whitespace nor one of the lexicon's break characters), as a
 *   frozenset of the keys. The rules layer asks it for the few hundred words it looks for.
 * - ``fill(text, start, out, max_tokens)``: the tokeniser's loop. For each whitespace-separated
 *   chunk of ``text[start:]``, lower-cased, it appends the ids of the key's value (a tuple) to
 *   ``out``; it stops at the first chunk it does not hold (the caller tokenises that one, adds
 *   it and calls again after it) or once ``out`` holds ``max_tokens`` ids, and returns the
 *   offset it stopped at.
 *
 * Both lower-case ASCII letters as they read and return None for a text that is not ASCII (the
 * callers then take their Python path). Keys are exact, ASCII, lower-case str. Values and keys
 * are owned by the table; nothing in the loops runs Python code, and the GIL is held throughout.
 * ``words_in`` and ``fill`` give what ``str.lower`` and ``str.split`` would give (tests hold
 * them to the Python definitions).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define MAX_WORD 128 /* longer words are never keys; fill reports them as not held */

typedef struct {
    uint64_t hash; /* 0: an empty slot */
    PyObject *key;
    PyObject *value;
} Slot;

typedef struct {
    PyObject_HEAD
    Slot *slots;
    size_t mask; /* capacity - 1, capacity a power of two */
    Py_ssize_t used;
    unsigned char ends[256]; /* 1: the character ends a word in words_in */
} Lexicon;

/* str.split()'s whitespace, within ASCII. */
static int
is_space(unsigned char c)
{
    return (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20);
}

static uint64_t
hash_bytes(const unsigned char *p, Py_ssize_t n)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (Py_ssize_t i = 0; i < n; i++) {
        h = (h ^ p[i]) * 1099511628211ULL;
    }
    return h ? h : 1;
}

static Slot *
find(Lexicon *self, const unsigned char *word, Py_ssize_t n, uint64_t h)
{
    size_t i = (size_t)h & self->mask;
    for (;;) {
        Slot *s = &self->slots[i];
        if (s->hash == 0) {
            return s;
        }
        if (s->hash == h && PyUnicode_GET_LENGTH(s->key) == n &&
            memcmp(PyUnicode_1BYTE_DATA(s->key), word, (size_t)n) == 0) {
            return s;
        }
        i = (i + 1) & self->mask;
    }
}

static int
grow(Lexicon *self)
{
    size_t capacity = (self->mask + 1) * 2;
    Slot *old = self->slots, *slots = PyMem_Calloc(capacity, sizeof(Slot));
    if (slots == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    size_t old_capacity = self->mask + 1;
    self->slots = slots;
    self->mask = capacity - 1;
    for (size_t i = 0; i < old_capacity; i++) {
        if (old[i].hash != 0) {
            const unsigned char *word = PyUnicode_1BYTE_DATA(old[i].key);
            *find(self, word, PyUnicode_GET_LENGTH(old[i].key), old[i].hash) = old[i];
        }
    }
    PyMem_Free(old);
    return 0;
}

/* Empties the table; the old entries are released only after, since releasing a value may run
 * Python code that uses the lexicon. */
static int
reset(Lexicon *self)
{
    Slot *old = self->slots, *slots = PyMem_Calloc(64, sizeof(Slot));
    if (slots == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    const size_t old_capacity = old == NULL ? 0 : self->mask + 1;
    self->slots = slots;
    self->mask = 63;
    self->used = 0;
    for (size_t i = 0; i < old_capacity; i++) {
        if (old[i].hash != 0) {
            Py_DECREF(old[i].key);
            Py_DECREF(old[i].value);
        }
    }
    PyMem_Free(old);
    return 0;
}

static int
lexicon_init(Lexicon *self, PyObject *args, PyObject *kwargs)
{
    static char *names[] = {"breaks", NULL};
    PyObject *breaks = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "|U:Lexicon", names, &breaks)) {
        return -1;
    }
    if (reset(self) < 0) {
        return -1;
    }
    memset(self->ends, 0, sizeof(self->ends));
    for (int c = 0; c < 256; c++) {
        self->ends[c] = (unsigned char)(c >= 128 || is_space((unsigned char)c));
    }
    if (breaks != NULL) {
        if (!PyUnicode_IS_ASCII(breaks)) {
            PyErr_SetString(PyExc_ValueError, "Lexicon: break characters must be ASCII");
            return -1;
        }
        const unsigned char *p = PyUnicode_1BYTE_DATA(breaks);
        for (Py_ssize_t i = 0; i < PyUnicode_GET_LENGTH(breaks); i++) {
            self->ends[p[i]] = 1;
        }
    }
    return 0;
}

static void
lexicon_dealloc(Lexicon *self)
{
    if (self->slots != NULL) {
        for (size_t i = 0; i <= self->mask; i++) {
            if (self->slots[i].hash != 0) {
                Py_DECREF(self->slots[i].key);
                Py_DECREF(self->slots[i].value);
            }
        }
        PyMem_Free(self->slots);
    }
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static int
ready(Lexicon *self)
{
    if (self->slots == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "Lexicon was not initialised");
        return 0;
    }
    return 1;
}

/* add(key, value): key an exact, ASCII, lower-case str of at most MAX_WORD characters. */
static PyObject *
lexicon_add(Lexicon *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (!ready(self)) {
        return NULL;
    }
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "add(key, value)");
        return NULL;
    }
    PyObject *key = args[0], *value = args[1];
    if (!PyUnicode_CheckExact(key) || !PyUnicode_IS_ASCII(key)) {
        PyErr_SetString(PyExc_TypeError, "Lexicon.add: the key must be an ASCII str");
        return NULL;
    }
    const Py_ssize_t n = PyUnicode_GET_LENGTH(key);
    const unsigned char *word = PyUnicode_1BYTE_DATA(key);
    if (n == 0 || n > MAX_WORD) {
        PyErr_Format(PyExc_ValueError, "Lexicon.add: a key has 1 to %d characters", MAX_WORD);
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        if (word[i] >= 'A' && word[i] <= 'Z') {
            PyErr_SetString(PyExc_ValueError, "Lexicon.add: keys are lower-case");
            return NULL;
        }
    }
    const uint64_t h = hash_bytes(word, n);
    Slot *s = find(self, word, n, h);
    Py_INCREF(value);
    if (s->hash != 0) {
        Py_SETREF(s->value, value);
        Py_RETURN_NONE;
    }
    Py_INCREF(key);
    s->hash = h;
    s->key = key;
    s->value = value;
    self->used++;
    if ((size_t)self->used * 2 > self->mask && grow(self) < 0) {
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyObject *
lexicon_clear(Lexicon *self, PyObject *unused)
{
    (void)unused;
    if (!ready(self)) {
        return NULL;
    }
    if (reset(self) < 0) {
        return NULL;
    }
    Py_RETURN_NONE;
}

static Py_ssize_t
lexicon_len(Lexicon *self)
{
    return self->used;
}

/* The held slot for text[start:end], lower-cased, or NULL. */
static Slot *
lookup(Lexicon *self, const unsigned char *text, Py_ssize_t start, Py_ssize_t end)
{
    const Py_ssize_t n = end - start;
    if (n > MAX_WORD) {
        return NULL;
    }
    unsigned char word[MAX_WORD];
    for (Py_ssize_t i = 0; i < n; i++) {
        const unsigned char c = text[start + i];
        word[i] = (unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    Slot *s = find(self, word, n, hash_bytes(word, n));
    return s->hash == 0 ? NULL : s;
}

static PyObject *
lexicon_words_in(Lexicon *self, PyObject *text)
{
    if (!ready(self)) {
        return NULL;
    }
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "Lexicon.words_in: text must be a str");
        return NULL;
    }
    if (!PyUnicode_IS_ASCII(text)) {
        Py_RETURN_NONE;
    }
    const unsigned char *p = PyUnicode_1BYTE_DATA(text);
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    PyObject *found = PyFrozenSet_New(NULL);
    if (found == NULL) {
        return NULL;
    }
    Py_ssize_t i = 0;
    while (i < n) {
        while (i < n && self->ends[p[i]]) {
            i++;
        }
        const Py_ssize_t start = i;
        while (i < n && !self->ends[p[i]]) {
            i++;
        }
        if (i > start) {
            Slot *s = lookup(self, p, start, i);
            if (s != NULL && PySet_Add(found, s->key) < 0) {
                Py_DECREF(found);
                return NULL;
            }
        }
    }
    return found;
}

static PyObject *
lexicon_fill(Lexicon *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (!ready(self)) {
        return NULL;
    }
    if (nargs != 4) {
        PyErr_SetString(PyExc_TypeError, "fill(text, start, out, max_tokens)");
        return NULL;
    }
    PyObject *text = args[0], *out = args[2];
    if (!PyUnicode_Check(text) || !PyList_CheckExact(out)) {
        PyErr_SetString(PyExc_TypeError, "Lexicon.fill: text must be a str and out a list");
        return NULL;
    }
    Py_ssize_t i = PyLong_AsSsize_t(args[1]);
    if (i == -1 && PyErr_Occurred()) {
        return NULL;
    }
    const Py_ssize_t max_tokens = PyLong_AsSsize_t(args[3]);
    if (max_tokens == -1 && PyErr_Occurred()) {
        return NULL;
    }
    if (!PyUnicode_IS_ASCII(text)) {
        Py_RETURN_NONE;
    }
    const unsigned char *p = PyUnicode_1BYTE_DATA(text);
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (i < 0) {
        i = 0;
    }
    while (i < n && PyList_GET_SIZE(out) < max_tokens) {
        while (i < n && is_space(p[i])) {
            i++;
        }
        const Py_ssize_t start = i;
        while (i < n && !is_space(p[i])) {
            i++;
        }
        if (i == start) {
            break;
        }
        Slot *s = lookup(self, p, start, i);
        if (s == NULL) {
            return PyLong_FromSsize_t(start);
        }
        if (!PyTuple_CheckExact(s->value)) {
            PyErr_SetString(PyExc_TypeError, "Lexicon.fill: the values must be tuples");
            return NULL;
        }
        const Py_ssize_t m = PyTuple_GET_SIZE(s->value);
        for (Py_ssize_t k = 0; k < m; k++) {
            if (PyList_Append(out, PyTuple_GET_ITEM(s->value, k)) < 0) {
                return NULL;
            }
        }
    }
    return PyLong_FromSsize_t(i);
}

static PyMethodDef lexicon_methods[] = {
    {"add", (PyCFunction)(void (*)(void))lexicon_add, METH_FASTCALL,
     "add(key, value): key an ASCII, lower-case str."},
    {"clear", (PyCFunction)lexicon_clear, METH_NOARGS, "clear(): forget every key."},
    {"words_in", (PyCFunction)lexicon_words_in, METH_O,
     "words_in(text) -> frozenset of the keys among the words of text, or None (not ASCII)."},
    {"fill", (PyCFunction)(void (*)(void))lexicon_fill, METH_FASTCALL,
     "fill(text, start, out, max_tokens) -> offset reached, or None (not ASCII)."},
    {NULL, NULL, 0, NULL},
};

static PySequenceMethods lexicon_as_sequence = {
    .sq_length = (lenfunc)lexicon_len,
};

static PyTypeObject LexiconType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "routeyard.classify._lexicon.Lexicon",
    .tp_basicsize = sizeof(Lexicon),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "ASCII words -> values, probed without making str objects (see _lexicon.c).",
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)lexicon_init,
    .tp_dealloc = (destructor)lexicon_dealloc,
    .tp_methods = lexicon_methods,
    .tp_as_sequence = &lexicon_as_sequence,
};

static struct PyModuleDef lexicon_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "routeyard.classify._lexicon",
    .m_doc = "Words looked up straight out of a text (optional; Python is the fallback).",
    .m_size = -1,
};

PyMODINIT_FUNC
PyInit__lexicon(void)
{
    if (PyType_Ready(&LexiconType) < 0) {
        return NULL;
    }
    PyObject *module = PyModule_Create(&lexicon_module);
    if (module == NULL) {
        return NULL;
    }
    Py_INCREF(&LexiconType);
    if (PyModule_AddObject(module, "Lexicon", (PyObject *)&LexiconType) < 0) {
        Py_DECREF(&LexiconType);
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
