// NumPy's exceptions, so that an error reads as NumPy's does
// ("ValueError: shapes (2,3) and (2,3) not aligned: 3 (dim 1) != 2 (dim 0)").
// Each extends the JavaScript error it corresponds to: a ValueError is a
// RangeError, a UFuncTypeError a TypeError. NumPy's TypeError is
// JavaScript's own.

/** A value of the right type that the operation cannot take (NumPy's and Python's ValueError). */
export class ValueError extends RangeError {
  override name = "ValueError";
}

/** An index past the end of an axis (IndexError). */
export class IndexError extends RangeError {
  override name = "IndexError";
}

/** An axis an array does not have (numpy.AxisError, a ValueError and an IndexError in Python). */
export class AxisError extends ValueError {
  override name = "AxisError";
}

/** A ufunc whose result cannot be cast to the output's dtype (numpy.core._exceptions._UFuncOutputCastingError). */
export class UFuncTypeError extends TypeError {
  override name = "UFuncTypeError";
}

/** A number too large for the integer it is converted to (Python's OverflowError). */
export class OverflowError extends RangeError {
  override name = "OverflowError";
}
