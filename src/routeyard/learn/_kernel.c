/* The local model's serving path in one call: token ids -> (category probabilities,
 * models' predicted quality + difficulty).
 *
 * It computes what ``FusedPredictor.predict(StaticEmbedder.embed(text))`` computes in numpy
 * (serving.py says what each step means), for the shipped kind of neighbour index (one list
 * probed, every row of it weighted). Under load the numpy path costs far more than its
 * arithmetic: about fifteen numpy calls whose code and temporaries the rest of the request
 * path evicts from the CPU caches between requests. Here the same arithmetic touches only the
 * weights it reads. This module is optional: without a C compiler routeyard builds without it
 * and serves on the numpy path, which tests hold this one to (1e-5).
 *
 * The linear heads ``w`` (dims x d, row-major): columns [0, c) category logits | [c, k) task
 * logits | [k, t) ridge | [t, d) the query projected for the neighbour search. The similarity
 * to each list's centre is taken from the projected query (``centres``, lists x (d - t)):
 * fewer products than serving.py's fused columns, which save numpy calls, not arithmetic.
 * ``index_t`` holds each list's rows transposed ((d - t) x rows of the list, the lists one
 * after another), so a list's similarities are d - t independent vector updates rather than
 * one dependent sum per row. The large products are written as such updates: they keep the
 * SIMD lanes busy where dot products would wait on their own sums.
 *
 * ``predict`` holds the GIL from start to end, so the kernel's one scratch buffer is never
 * used by two calls at once.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#define MAX_TARGETS 512
#define MAX_DIMS 1024
#define MAX_IDS 1024 /* ids read onto the stack; more are read into the heap */

typedef struct {
    PyObject_HEAD
    Py_buffer vectors; /* (vocab, dims) float32 */
    Py_buffer w;       /* (dims, d) float32 */
    Py_buffer b;       /* (d,) float32 */
    Py_buffer centres; /* (lists, d - t) float32 */
    Py_buffer task_means; /* (k - c, targets) float32 */
    Py_buffer index_t; /* (rows * (d - t),) float32, each list transposed */
    Py_buffer table;   /* (rows, 2 * targets) float32 */
    Py_buffer bounds;  /* (lists + 1,) int64 */
    Py_buffer prior;   /* (targets,) float32, already scaled by the neighbours' blend weight */
    Py_ssize_t vocab, dims, c, k, t, d, lists, targets, rows;
    int ridge, unshifted, exp_safe, all_present;
    double temperature;
    float *scratch; /* d + lists + longest list + 2 * targets floats */
    int ready;
} Kernel;

static int
get_f32(PyObject *obj, Py_buffer *view, int ndim, Py_ssize_t rows, Py_ssize_t cols,
        const char *name)
{
    if (PyObject_GetBuffer(obj, view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0) {
        return -1;
    }
    const char *fmt = view->format ? view->format : "B";
    if (fmt[0] == '<' || fmt[0] == '=' || fmt[0] == '@') {
        fmt++;
    }
    int ok = strcmp(fmt, "f") == 0 && view->itemsize == 4 && view->ndim == ndim;
    if (ok && ndim >= 1 && rows >= 0) {
        ok = view->shape[0] == rows;
    }
    if (ok && ndim == 2 && cols >= 0) {
        ok = view->shape[1] == cols;
    }
    if (!ok) {
        PyErr_Format(PyExc_ValueError, "%s: expected a C-contiguous float32 array of %d "
                     "dimension(s) with the model's shape", name, ndim);
        PyBuffer_Release(view);
        view->obj = NULL;
        return -1;
    }
    return 0;
}

static void
kernel_release(Kernel *self)
{
    Py_buffer *views[] = {&self->vectors, &self->w, &self->b, &self->centres, &self->task_means,
                          &self->index_t, &self->table, &self->bounds, &self->prior};
    for (size_t i = 0; i < sizeof(views) / sizeof(views[0]); i++) {
        if (views[i]->obj != NULL) {
            PyBuffer_Release(views[i]);
            views[i]->obj = NULL;
        }
    }
    PyMem_Free(self->scratch);
    self->scratch = NULL;
    self->ready = 0;
}

static void
kernel_dealloc(Kernel *self)
{
    kernel_release(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static int
kernel_init(Kernel *self, PyObject *args, PyObject *kwargs)
{
    static char *names[] = {"vectors", "w", "b", "centres", "task_means", "index_t", "table",
                            "bounds", "prior", "c", "k", "t", "d", "ridge", "unshifted",
                            "exp_safe", "all_present", "temperature", NULL};
    PyObject *vectors, *w, *b, *centres, *task_means, *index_t, *table, *bounds, *prior;
    Py_ssize_t c, k, t, d;
    int ridge, unshifted, exp_safe, all_present;
    double temperature;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "OOOOOOOOOnnnnppppd", names, &vectors,
                                     &w, &b, &centres, &task_means, &index_t, &table, &bounds,
                                     &prior, &c, &k, &t, &d, &ridge, &unshifted, &exp_safe,
                                     &all_present, &temperature)) {
        return -1;
    }
    kernel_release(self);
    if (!(0 < c && c < k && k <= t && t < d) || temperature <= 0.0) {
        PyErr_SetString(PyExc_ValueError, "inconsistent column layout or temperature");
        return -1;
    }
    if (get_f32(vectors, &self->vectors, 2, -1, -1, "vectors") < 0) {
        goto fail;
    }
    self->vocab = self->vectors.shape[0];
    self->dims = self->vectors.shape[1];
    if (self->dims > MAX_DIMS) {
        PyErr_Format(PyExc_ValueError, "more than %d dimensions", MAX_DIMS);
        goto fail;
    }
    if (get_f32(w, &self->w, 2, self->dims, d, "w") < 0 ||
        get_f32(b, &self->b, 1, d, -1, "b") < 0 ||
        get_f32(centres, &self->centres, 2, -1, d - t, "centres") < 0) {
        goto fail;
    }
    self->lists = self->centres.shape[0];
    if (self->lists < 1) {
        PyErr_SetString(PyExc_ValueError, "no neighbour lists");
        goto fail;
    }
    if (get_f32(task_means, &self->task_means, 2, k - c, -1, "task_means") < 0) {
        goto fail;
    }
    self->targets = self->task_means.shape[1];
    if (self->targets > MAX_TARGETS) {
        PyErr_Format(PyExc_ValueError, "more than %d targets", MAX_TARGETS);
        goto fail;
    }
    if (ridge && t - k != self->targets) {
        PyErr_SetString(PyExc_ValueError, "ridge columns do not match the targets");
        goto fail;
    }
    if (get_f32(index_t, &self->index_t, 1, -1, -1, "index_t") < 0) {
        goto fail;
    }
    self->rows = self->index_t.shape[0] / (d - t);
    if (self->rows * (d - t) != self->index_t.shape[0]) {
        PyErr_SetString(PyExc_ValueError, "index_t: not a whole number of rows");
        goto fail;
    }
    if (get_f32(table, &self->table, 2, self->rows, 2 * self->targets, "table") < 0) {
        goto fail;
    }
    if (get_f32(prior, &self->prior, 1, self->targets, -1, "prior") < 0) {
        goto fail;
    }
    if (PyObject_GetBuffer(bounds, &self->bounds, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0) {
        goto fail;
    }
    const char *bfmt = self->bounds.format ? self->bounds.format : "B";
    bfmt += (bfmt[0] == '<' || bfmt[0] == '=' || bfmt[0] == '@');
    if ((strcmp(bfmt, "q") != 0 && strcmp(bfmt, "l") != 0) || self->bounds.itemsize != 8 ||
        self->bounds.ndim != 1 || self->bounds.shape[0] != self->lists + 1) {
        PyErr_SetString(PyExc_ValueError, "bounds: expected int64 of length lists + 1");
        goto fail;
    }
    const int64_t *bnd = (const int64_t *)self->bounds.buf;
    Py_ssize_t longest = 0;
    for (Py_ssize_t i = 0; i < self->lists; i++) {
        if (bnd[i] < 0 || bnd[i] > bnd[i + 1] || bnd[i + 1] > self->rows) {
            PyErr_SetString(PyExc_ValueError, "bounds are not ascending within the index");
            goto fail;
        }
        if (bnd[i + 1] - bnd[i] > longest) {
            longest = bnd[i + 1] - bnd[i];
        }
    }
    self->scratch =
        PyMem_Malloc(sizeof(float) * (d + self->lists + longest + 2 * self->targets + 1));
    if (self->scratch == NULL) {
        PyErr_NoMemory();
        goto fail;
    }
    self->c = c;
    self->k = k;
    self->t = t;
    self->d = d;
    self->ridge = ridge;
    self->unshifted = unshifted;
    self->exp_safe = exp_safe;
    self->all_present = all_present;
    self->temperature = temperature;
    self->ready = 1;
    return 0;
fail:
    kernel_release(self);
    return -1;
}

/* The SIMD width: where the compiler can, an AVX2 + FMA copy of ``compute`` is built beside the
 * baseline one and picked at load time by what the CPU has. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
#define WIDE __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define WIDE
#endif
/* Helpers are inlined into each copy, so they are compiled for its instruction set too. */
#if defined(__GNUC__)
#define INLINE static inline __attribute__((always_inline))
#else
#define INLINE static inline
#endif

INLINE float
dot(const float *a, const float *b, Py_ssize_t n)
{
    float s = 0.0f;
    for (Py_ssize_t i = 0; i < n; i++) {
        s += a[i] * b[i];
    }
    return s;
}

/* y[0:n] += a * x[0:n] */
INLINE void
axpy(float a, const float *restrict x, float *restrict y, Py_ssize_t n)
{
    for (Py_ssize_t i = 0; i < n; i++) {
        y[i] += a * x[i];
    }
}

/* e^v[i] in place, for any float v[i] (below -87.3 as at -87.3, ~1e-38; above 88.7 infinity). Branch-free
 * so the loop runs on SIMD lanes: v = k ln 2 + r with |r| <= ln 2 / 2, e^r by its Taylor
 * series to r^7 (relative error under 2e-7), 2^k put straight into the exponent bits. */
INLINE void
exp_inplace(float *v, Py_ssize_t n)
{
    for (Py_ssize_t i = 0; i < n; i++) {
        float x = v[i];
        x = x < -87.3f ? -87.3f : x;
        const int over = x > 88.7f;
        x = x > 88.7f ? 88.7f : x;
        const float y = x * 1.44269504f;
        const int32_t ki = (int32_t)(y + (y < 0.0f ? -0.5f : 0.5f)); /* nearest, SIMD on SSE2 */
        const float k = (float)ki;
        float r = x - k * 0.693145752f; /* ln 2, split so k * hi is exact */
        r = r - k * 1.42860677e-06f;
        float p = 1.0f / 5040.0f;
        p = p * r + 1.0f / 720.0f;
        p = p * r + 1.0f / 120.0f;
        p = p * r + 1.0f / 24.0f;
        p = p * r + 1.0f / 6.0f;
        p = p * r + 0.5f;
        p = p * r + 1.0f;
        p = p * r + 1.0f;
        /* k in [-126, 128]: split 2^k as 2^(k/2) * 2^(k - k/2) so neither half overflows. */
        const int32_t k1 = ki / 2, k2 = ki - k1;
        const int32_t b1 = (k1 + 127) << 23, b2 = (k2 + 127) << 23;
        float s1, s2;
        memcpy(&s1, &b1, sizeof s1);
        memcpy(&s2, &b2, sizeof s2);
        v[i] = over ? INFINITY : p * s1 * s2;
    }
}

/* Softmax numerators of lin[0:n] into e, returning their sum. */
INLINE double
exps(const float *lin, Py_ssize_t n, int unshifted, float *e)
{
    float top = 0.0f;
    if (!unshifted) {
        top = lin[0];
        for (Py_ssize_t i = 1; i < n; i++) {
            top = lin[i] > top ? lin[i] : top;
        }
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        e[i] = lin[i] - top;
    }
    exp_inplace(e, n);
    double total = 0.0;
    for (Py_ssize_t i = 0; i < n; i++) {
        total += e[i];
    }
    return total;
}

/* Everything after the ids are read: no Python calls, so it can be cloned per instruction set.
 * Leaves the category softmax numerators in lin[0:c] (their sum in *label_total) and the
 * scores in quality[0:targets]. */
WIDE static void
compute(const Kernel *self, const Py_ssize_t *ids, const float *token_weights, Py_ssize_t n,
        float *x, float *lin, double *label_total, float *quality)
{
    const Py_ssize_t dims = self->dims, c = self->c, k = self->k, t = self->t, d = self->d;
    const Py_ssize_t targets = self->targets, p = d - t;
    float *sims = lin + d + self->lists;

    /* The embedding: the unit-length sum of the tokens' vectors (each times its weight, when
     * there are weights). */
    const float *vectors = (const float *)self->vectors.buf;
    memset(x, 0, sizeof(float) * dims);
    if (token_weights == NULL) {
        for (Py_ssize_t i = 0; i < n; i++) {
            const float *row = vectors + ids[i] * dims;
            for (Py_ssize_t j = 0; j < dims; j++) {
                x[j] += row[j];
            }
        }
    } else {
        for (Py_ssize_t i = 0; i < n; i++) {
            axpy(token_weights[i], vectors + ids[i] * dims, x, dims);
        }
    }
    const float norm = sqrtf(dot(x, x, dims));
    if (norm > 0.0f) {
        for (Py_ssize_t j = 0; j < dims; j++) {
            x[j] /= norm;
        }
    }

    /* Every linear head at once: logits, ridge, the projected query z = lin[t:d]; then the
     * similarity of z to each list's centre. */
    const float *w = (const float *)self->w.buf;
    memcpy(lin, self->b.buf, sizeof(float) * d);
    for (Py_ssize_t i = 0; i < dims; i++) {
        axpy(x[i], w + i * d, lin, d);
    }
    const float *z = lin + t, *centres = (const float *)self->centres.buf;
    float *centre_sims = lin + d;
    for (Py_ssize_t i = 0; i < self->lists; i++) {
        centre_sims[i] = dot(centres + i * p, z, p);
    }

    /* Categories and tasks: two softmaxes, numerators in place over their logits (the ridge
     * columns after them stay). */
    *label_total = exps(lin, c, self->unshifted, lin);
    const double task_total = exps(lin + c, k - c, self->unshifted, lin + c);

    /* The task prior: task probabilities x each task's mean score per target. */
    const float *means = (const float *)self->task_means.buf;
    memset(quality, 0, sizeof(float) * targets);
    for (Py_ssize_t i = 0; i < k - c; i++) {
        const float weight = lin[c + i];
        const float *row = means + i * targets;
        for (Py_ssize_t j = 0; j < targets; j++) {
            quality[j] += weight * row[j];
        }
    }
    const float inv_task = (float)(1.0 / task_total);
    for (Py_ssize_t j = 0; j < targets; j++) {
        quality[j] = quality[j] * inv_task + (self->ridge ? lin[k + j] : 0.0f);
    }

    /* Neighbours: every row of the list whose centre is nearest, weighted by
     * exp(cosine / temperature), over the rows' known scores. */
    Py_ssize_t best = 0;
    for (Py_ssize_t i = 1; i < self->lists; i++) {
        best = centre_sims[i] > centre_sims[best] ? i : best;
    }
    const int64_t *bounds = (const int64_t *)self->bounds.buf;
    const Py_ssize_t start = (Py_ssize_t)bounds[best], end = (Py_ssize_t)bounds[best + 1];
    const float *prior = (const float *)self->prior.buf;
    if (start == end) {
        for (Py_ssize_t j = 0; j < targets; j++) {
            quality[j] += prior[j];
        }
        return;
    }
    const double zn = sqrt((double)dot(z, z, p));
    const float scale = (float)(1.0 / ((zn > 0.0 ? zn : 1.0) * self->temperature));
    const Py_ssize_t n_list = end - start;
    const float *block = (const float *)self->index_t.buf + start * p; /* p x n_list */
    memset(sims, 0, sizeof(float) * n_list);
    for (Py_ssize_t j = 0; j < p; j++) {
        axpy(z[j] * scale, block + j * n_list, sims, n_list);
    }
    if (!self->exp_safe) {
        float top = sims[0];
        for (Py_ssize_t r = 1; r < n_list; r++) {
            top = sims[r] > top ? sims[r] : top;
        }
        for (Py_ssize_t r = 0; r < n_list; r++) {
            sims[r] -= top;
        }
    }
    exp_inplace(sims, n_list);
    const Py_ssize_t width = 2 * targets;
    float *sums = sims + n_list;
    memset(sums, 0, sizeof(float) * width);
    const float *table = (const float *)self->table.buf;
    for (Py_ssize_t r = start; r < end; r++) {
        axpy(sims[r - start], table + r * width, sums, width);
    }
    for (Py_ssize_t j = 0; j < targets; j++) {
        const float numer = sums[j], denom = sums[targets + j];
        quality[j] += self->all_present || denom > 0.0f ? numer / denom : prior[j];
    }
}

static PyObject *
float_list(const float *v, Py_ssize_t n, double divisor, int clip)
{
    PyObject *out = PyList_New(n);
    if (out == NULL) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        double value = (double)v[i] / divisor;
        if (clip) {
            value = value < 0.0 ? 0.0 : (value > 1.0 ? 1.0 : value);
        }
        PyObject *f = PyFloat_FromDouble(value);
        if (f == NULL) {
            Py_DECREF(out);
            return NULL;
        }
        PyList_SET_ITEM(out, i, f);
    }
    return out;
}

/* The shared body of predict and predict_weighted: ids (and, for the latter, segments with a
 * weight each) to (category probabilities, scores). */
static PyObject *
predict_ids(Kernel *self, PyObject *ids, PyObject *starts, PyObject *weights)
{
    if (!self->ready) {
        PyErr_SetString(PyExc_RuntimeError, "Kernel was not initialised");
        return NULL;
    }
    PyObject *seq = PySequence_Fast(ids, "ids must be a sequence of token ids");
    if (seq == NULL) {
        return NULL;
    }
    PyObject *start_seq = NULL, *weight_seq = NULL;
    const Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    PyObject **items = PySequence_Fast_ITEMS(seq);
    Py_ssize_t ids_stack[MAX_IDS];
    float tw_stack[MAX_IDS];
    Py_ssize_t *rows = n <= MAX_IDS ? ids_stack : PyMem_Malloc(sizeof(Py_ssize_t) * n);
    float *tw = NULL;
    PyObject *result = NULL;
    if (rows == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        const Py_ssize_t id = PyLong_AsSsize_t(items[i]);
        if (id == -1 && PyErr_Occurred()) {
            goto done;
        }
        if (id < 0 || id >= self->vocab) {
            PyErr_Format(PyExc_IndexError, "token id %zd outside the vocabulary", id);
            goto done;
        }
        rows[i] = id;
    }
    if (starts != NULL) {
        start_seq = PySequence_Fast(starts, "starts must be a sequence of ints");
        weight_seq = start_seq ? PySequence_Fast(weights, "weights must be a sequence") : NULL;
        if (weight_seq == NULL) {
            goto done;
        }
        const Py_ssize_t m = PySequence_Fast_GET_SIZE(start_seq);
        if (PySequence_Fast_GET_SIZE(weight_seq) != m) {
            PyErr_SetString(PyExc_ValueError, "starts and weights differ in length");
            goto done;
        }
        tw = n <= MAX_IDS ? tw_stack : PyMem_Malloc(sizeof(float) * (n > 0 ? n : 1));
        if (tw == NULL) {
            PyErr_NoMemory();
            goto done;
        }
        for (Py_ssize_t i = 0; i < n; i++) {
            tw[i] = 1.0f; /* tokens before the first start */
        }
        for (Py_ssize_t s = 0; s < m; s++) {
            const Py_ssize_t from = PyLong_AsSsize_t(PySequence_Fast_GET_ITEM(start_seq, s));
            const Py_ssize_t to = s + 1 < m
                ? PyLong_AsSsize_t(PySequence_Fast_GET_ITEM(start_seq, s + 1)) : n;
            const double w = PyFloat_AsDouble(PySequence_Fast_GET_ITEM(weight_seq, s));
            if (PyErr_Occurred()) {
                goto done;
            }
            if (from < 0 || to > n || from > to) {
                PyErr_SetString(PyExc_ValueError, "starts must rise within the ids");
                goto done;
            }
            for (Py_ssize_t i = from; i < to; i++) {
                tw[i] = (float)w;
            }
        }
    }
    float x[MAX_DIMS], quality[MAX_TARGETS];
    double label_total;
    compute(self, rows, tw, n, x, self->scratch, &label_total, quality);
    PyObject *probs = float_list(self->scratch, self->c, label_total, 0);
    if (probs == NULL) {
        goto done;
    }
    PyObject *scores = float_list(quality, self->targets, 1.0, 1);
    if (scores == NULL) {
        Py_DECREF(probs);
        goto done;
    }
    result = Py_BuildValue("(NN)", probs, scores);
done:
    if (rows != NULL && rows != ids_stack) {
        PyMem_Free(rows);
    }
    if (tw != NULL && tw != tw_stack) {
        PyMem_Free(tw);
    }
    Py_XDECREF(start_seq);
    Py_XDECREF(weight_seq);
    Py_DECREF(seq);
    return result;
}

static PyObject *
kernel_predict(Kernel *self, PyObject *ids)
{
    return predict_ids(self, ids, NULL, NULL);
}

static PyObject *
kernel_predict_weighted(Kernel *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 3) {
        PyErr_SetString(PyExc_TypeError, "predict_weighted(ids, starts, weights)");
        return NULL;
    }
    return predict_ids(self, args[0], args[1], args[2]);
}

static PyMethodDef kernel_methods[] = {
    {"predict", (PyCFunction)kernel_predict, METH_O,
     "predict(ids) -> (category probabilities, models' scores + difficulty), both lists."},
    {"predict_weighted", (PyCFunction)(void (*)(void))kernel_predict_weighted, METH_FASTCALL,
     "predict_weighted(ids, starts, weights) -> predict's lists, with the tokens from each "
     "start to the next weighted by that segment's weight."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject KernelType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "routeyard.learn._kernel.Kernel",
    .tp_basicsize = sizeof(Kernel),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "The fused serving path of a local model (see routeyard.learn.serving).",
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)kernel_init,
    .tp_dealloc = (destructor)kernel_dealloc,
    .tp_methods = kernel_methods,
};

/* fill_ids(chunks, start, cache, out, max_tokens) -> int
 *
 * The tokeniser's hot loop (routeyard.learn.wordpiece): for chunks[start:], append the token ids
 * the cache holds for each chunk to `out`. Returns the index of the first chunk the cache does
 * not hold (the caller tokenises it, caches it and calls again after it), the index after the
 * chunk that brought `out` to `max_tokens` ids, or len(chunks) when all were appended.
 * Chunks must be exact str and the cache's values tuples, so no Python code runs in the loop
 * and the borrowed references stay valid. */
static PyObject *
fill_ids(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 5) {
        PyErr_SetString(PyExc_TypeError, "fill_ids(chunks, start, cache, out, max_tokens)");
        return NULL;
    }
    PyObject *chunks = args[0], *cache = args[2], *out = args[3];
    if (!PyList_CheckExact(chunks) || !PyDict_CheckExact(cache) || !PyList_CheckExact(out)) {
        PyErr_SetString(PyExc_TypeError, "fill_ids: chunks and out must be lists, cache a dict");
        return NULL;
    }
    Py_ssize_t start = PyLong_AsSsize_t(args[1]);
    if (start == -1 && PyErr_Occurred()) {
        return NULL;
    }
    Py_ssize_t max_tokens = PyLong_AsSsize_t(args[4]);
    if (max_tokens == -1 && PyErr_Occurred()) {
        return NULL;
    }
    Py_ssize_t n = PyList_GET_SIZE(chunks);
    if (start < 0) {
        start = 0;
    }
    for (Py_ssize_t j = start; j < n; j++) {
        PyObject *chunk = PyList_GET_ITEM(chunks, j);
        if (!PyUnicode_CheckExact(chunk)) {
            PyErr_SetString(PyExc_TypeError, "fill_ids: every chunk must be a str");
            return NULL;
        }
        PyObject *pieces = PyDict_GetItemWithError(cache, chunk);
        if (pieces == NULL) {
            if (PyErr_Occurred()) {
                return NULL;
            }
            return PyLong_FromSsize_t(j);
        }
        if (!PyTuple_CheckExact(pieces)) {
            PyErr_SetString(PyExc_TypeError, "fill_ids: the cache's values must be tuples");
            return NULL;
        }
        Py_ssize_t m = PyTuple_GET_SIZE(pieces);
        for (Py_ssize_t k = 0; k < m; k++) {
            if (PyList_Append(out, PyTuple_GET_ITEM(pieces, k)) < 0) {
                return NULL;
            }
        }
        if (PyList_GET_SIZE(out) >= max_tokens) {
            return PyLong_FromSsize_t(j + 1);
        }
    }
    return PyLong_FromSsize_t(n);
}

/* segment_scores(vectors, projected, hidden_bias, weights, ids, starts) -> list of float or None
 *
 * The segment filter's scores (routeyard.classify.segments): for each segment of ``ids`` (the
 * segment i runs from starts[i] to starts[i + 1], the last to the end), with S the sum of its
 * tokens' vectors, ``weights · relu(hidden S / |S| + hidden_bias)`` (the caller adds the output
 * bias); None for a segment without tokens or whose sum is zero. ``projected`` holds every
 * token's vector already multiplied by ``hidden`` (vocabulary × units), so hidden S is a sum of
 * rows: a few adds per token instead of units × dims multiplications per segment. numpy needs a
 * gather and two segmented sums for this, tens of microseconds for a long prompt; here it is
 * one pass. */
static PyObject *
segment_scores(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 6) {
        PyErr_SetString(PyExc_TypeError,
                        "segment_scores(vectors, projected, hidden_bias, weights, ids, starts)");
        return NULL;
    }
    PyObject *ids = args[4], *starts = args[5];
    if (!PyList_CheckExact(ids) || !PyList_CheckExact(starts)) {
        PyErr_SetString(PyExc_TypeError, "segment_scores: ids and starts must be lists");
        return NULL;
    }
    Py_buffer vectors, projected, hidden_bias, weights;
    if (get_f32(args[0], &vectors, 2, -1, -1, "vectors") < 0) {
        return NULL;
    }
    const Py_ssize_t vocab = vectors.shape[0], dims = vectors.shape[1];
    if (dims > MAX_DIMS) {
        PyErr_SetString(PyExc_ValueError, "segment_scores: too many dimensions");
        PyBuffer_Release(&vectors);
        return NULL;
    }
    if (get_f32(args[1], &projected, 2, vocab, -1, "projected") < 0) {
        PyBuffer_Release(&vectors);
        return NULL;
    }
    const Py_ssize_t units = projected.shape[1];
    if (units > MAX_DIMS) {
        PyErr_SetString(PyExc_ValueError, "segment_scores: too many hidden units");
        PyBuffer_Release(&projected);
        PyBuffer_Release(&vectors);
        return NULL;
    }
    if (get_f32(args[2], &hidden_bias, 1, units, -1, "hidden_bias") < 0) {
        PyBuffer_Release(&projected);
        PyBuffer_Release(&vectors);
        return NULL;
    }
    if (get_f32(args[3], &weights, 1, units, -1, "weights") < 0) {
        PyBuffer_Release(&hidden_bias);
        PyBuffer_Release(&projected);
        PyBuffer_Release(&vectors);
        return NULL;
    }
    const float *v = (const float *)vectors.buf, *p = (const float *)projected.buf;
    const float *hb = (const float *)hidden_bias.buf, *w = (const float *)weights.buf;
    const Py_ssize_t n = PyList_GET_SIZE(ids), k = PyList_GET_SIZE(starts);
    PyObject *out = PyList_New(k);
    float sum[MAX_DIMS], hidden[MAX_DIMS];
    for (Py_ssize_t s = 0; out != NULL && s < k; s++) {
        Py_ssize_t from = PyLong_AsSsize_t(PyList_GET_ITEM(starts, s));
        Py_ssize_t to = s + 1 < k ? PyLong_AsSsize_t(PyList_GET_ITEM(starts, s + 1)) : n;
        if (PyErr_Occurred() || from < 0 || to > n || from > to) {
            if (!PyErr_Occurred()) {
                PyErr_SetString(PyExc_ValueError, "segment_scores: starts out of order or range");
            }
            Py_CLEAR(out);
            break;
        }
        memset(sum, 0, sizeof(float) * (size_t)dims);
        memset(hidden, 0, sizeof(float) * (size_t)units);
        for (Py_ssize_t i = from; i < to; i++) {
            const Py_ssize_t id = PyLong_AsSsize_t(PyList_GET_ITEM(ids, i));
            if (id < 0 || id >= vocab) {
                if (!PyErr_Occurred()) {
                    PyErr_Format(PyExc_IndexError, "token id %zd outside the vocabulary", id);
                }
                Py_CLEAR(out);
                break;
            }
            const float *row = v + id * dims, *prow = p + id * units;
            for (Py_ssize_t j = 0; j < dims; j++) {
                sum[j] += row[j];
            }
            for (Py_ssize_t u = 0; u < units; u++) {
                hidden[u] += prow[u];
            }
        }
        if (out == NULL) {
            break;
        }
        float norm = 0.0f;
        for (Py_ssize_t j = 0; j < dims; j++) {
            norm += sum[j] * sum[j];
        }
        PyObject *item;
        if (norm > 0.0f) {
            const float scale = (float)(1.0 / sqrt((double)norm));
            double score = 0.0;
            for (Py_ssize_t u = 0; u < units; u++) {
                const float z = hidden[u] * scale + hb[u];
                if (z > 0.0f) {
                    score += (double)(z * w[u]);
                }
            }
            item = PyFloat_FromDouble(score);
            if (item == NULL) {
                Py_CLEAR(out);
                break;
            }
        } else {
            item = Py_NewRef(Py_None);
        }
        PyList_SET_ITEM(out, s, item);
    }
    PyBuffer_Release(&weights);
    PyBuffer_Release(&hidden_bias);
    PyBuffer_Release(&projected);
    PyBuffer_Release(&vectors);
    return out;
}

static PyMethodDef module_methods[] = {
    {"fill_ids", (PyCFunction)(void (*)(void))fill_ids, METH_FASTCALL,
     "fill_ids(chunks, start, cache, out, max_tokens) -> index of the first chunk not cached."},
    {"segment_scores", (PyCFunction)(void (*)(void))segment_scores, METH_FASTCALL,
     "segment_scores(vectors, projected, hidden_bias, weights, ids, starts) -> each segment's "
     "score without the output bias, or None."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef kernel_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "routeyard.learn._kernel",
    .m_doc = "The local model's serving path in C (optional; numpy is the fallback).",
    .m_size = -1,
    .m_methods = module_methods,
};

PyMODINIT_FUNC
PyInit__kernel(void)
{
    if (PyType_Ready(&KernelType) < 0) {
        return NULL;
    }
    PyObject *module = PyModule_Create(&kernel_module);
    if (module == NULL) {
        return NULL;
    }
    Py_INCREF(&KernelType);
    if (PyModule_AddObject(module, "Kernel", (PyObject *)&KernelType) < 0) {
        Py_DECREF(&KernelType);
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
