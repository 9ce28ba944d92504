package dev.re3.onnx;

/** What a name in the graph stands for while it is read: a known tensor or an activation. */
sealed interface Value permits Const, Act {}
