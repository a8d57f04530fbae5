// The exponential exactly as NumPy computes it for float64 on x86-64.
//
// NumPy 1.24's np.exp of float64 calls the C library's exp, except on CPUs
// with AVX-512F, where it has a SIMD exp of its own (not emulated here: its
// values differ from glibc's in the last bit for some inputs). Debian's NumPy
// runs on glibc, whose exp (2.28 and later, sysdeps/ieee754/dbl-64/e_exp.c)
// is built for x86-64 CPUs with FMA and AVX2 as __exp_fma; this is that
// code: the same table and polynomial, the same order of operations, each
// fused multiply-add of the machine code reproduced exactly. V8's Math.exp
// differs from it in the last bit for about a quarter of all inputs.
import { fma, HIGH, hexFloat, hexFloats, LOW, productError, sumError } from "./exact-arithmetic";

const INV_LN2_N = hexFloat("0x1.71547652b82fep+7"); // 128 / ln 2
const NEG_LN2_HI_N = hexFloat("-0x1.62e42fefa0000p-8"); // -ln 2 / 128, its top 36 bits
const NEG_LN2_LO_N = hexFloat("-0x1.cf79abc9e3b3ap-47"); // … and the rest
const SHIFT = 2 ** 52 + 2 ** 51; // adding it rounds to an integer
// NEG_LN2_LO_N split into its top 26 bits and the rest (Veltkamp), so that k times either part is exact for |k| < 2^27.
const NEG_LN2_LO_N_HI = (2 ** 27 + 1) * NEG_LN2_LO_N - ((2 ** 27 + 1) * NEG_LN2_LO_N - NEG_LN2_LO_N);
const NEG_LN2_LO_N_LO = NEG_LN2_LO_N - NEG_LN2_LO_N_HI;
// exp(r) - 1 - r ≈ r²·(C2 + r·C3) + r⁴·(C4 + r·C5) for |r| <= ln 2 / 256.
const [C2, C3, C4, C5] = hexFloats("0x1.ffffffffffdbdp-2 0x1.555555555543cp-3 0x1.55555cf172b91p-5 0x1.1111167a4d017p-7");

// 2^(j/128) ≈ H[j]·(1 + T[j]) for j = 0 … 127, as glibc's table: the bits of T[j], then those of H[j] - (j << 45).
const EXP_TABLE = `
0000000000000000 3ff0000000000000 3c9b3b4f1a88bf6e 3feff63da9fb3335
bc7160139cd8dc5d 3fefec9a3e778061 bc905e7a108766d1 3fefe315e86e7f85
3c8cd2523567f613 3fefd9b0d3158574 bc8bce8023f98efa 3fefd06b29ddf6de
3c60f74e61e6c861 3fefc74518759bc8 3c90a3e45b33d399 3fefbe3ecac6f383
3c979aa65d837b6d 3fefb5586cf9890f 3c8eb51a92fdeffc 3fefac922b7247f7
3c3ebe3d702f9cd1 3fefa3ec32d3d1a2 bc6a033489906e0b 3fef9b66affed31b
bc9556522a2fbd0e 3fef9301d0125b51 bc5080ef8c4eea55 3fef8abdc06c31cc
bc91c923b9d5f416 3fef829aaea92de0 3c80d3e3e95c55af 3fef7a98c8a58e51
bc801b15eaa59348 3fef72b83c7d517b bc8f1ff055de323d 3fef6af9388c8dea
3c8b898c3f1353bf 3fef635beb6fcb75 bc96d99c7611eb26 3fef5be084045cd4
3c9aecf73e3a2f60 3fef54873168b9aa bc8fe782cb86389d 3fef4d5022fcd91d
3c8a6f4144a6c38d 3fef463b88628cd6 3c807a05b0e4047d 3fef3f49917ddc96
3c968efde3a8a894 3fef387a6e756238 3c875e18f274487d 3fef31ce4fb2a63f
3c80472b981fe7f2 3fef2b4565e27cdd bc96b87b3f71085e 3fef24dfe1f56381
3c82f7e16d09ab31 3fef1e9df51fdee1 bc3d219b1a6fbffa 3fef187fd0dad990
3c8b3782720c0ab4 3fef1285a6e4030b 3c6e149289cecb8f 3fef0cafa93e2f56
3c834d754db0abb6 3fef06fe0a31b715 3c864201e2ac744c 3fef0170fc4cd831
3c8fdd395dd3f84a 3feefc08b26416ff bc86a3803b8e5b04 3feef6c55f929ff1
bc924aedcc4b5068 3feef1a7373aa9cb bc9907f81b512d8e 3feeecae6d05d866
bc71d1e83e9436d2 3feee7db34e59ff7 bc991919b3ce1b15 3feee32dc313a8e5
3c859f48a72a4c6d 3feedea64c123422 bc9312607a28698a 3feeda4504ac801c
bc58a78f4817895b 3feed60a21f72e2a bc7c2c9b67499a1b 3feed1f5d950a897
3c4363ed60c2ac11 3feece086061892d 3c9666093b0664ef 3feeca41ed1d0057
3c6ecce1daa10379 3feec6a2b5c13cd0 3c93ff8e3f0f1230 3feec32af0d7d3de
3c7690cebb7aafb0 3feebfdad5362a27 3c931dbdeb54e077 3feebcb299fddd0d
bc8f94340071a38e 3feeb9b2769d2ca7 bc87deccdc93a349 3feeb6daa2cf6642
bc78dec6bd0f385f 3feeb42b569d4f82 bc861246ec7b5cf6 3feeb1a4ca5d920f
3c93350518fdd78e 3feeaf4736b527da 3c7b98b72f8a9b05 3feead12d497c7fd
3c9063e1e21c5409 3feeab07dd485429 3c34c7855019c6ea 3feea9268a5946b7
3c9432e62b64c035 3feea76f15ad2148 bc8ce44a6199769f 3feea5e1b976dc09
bc8c33c53bef4da8 3feea47eb03a5585 bc845378892be9ae 3feea34634ccc320
bc93cedd78565858 3feea23882552225 3c5710aa807e1964 3feea155d44ca973
bc93b3efbf5e2228 3feea09e667f3bcd bc6a12ad8734b982 3feea012750bdabf
bc6367efb86da9ee 3fee9fb23c651a2f bc80dc3d54e08851 3fee9f7df9519484
bc781f647e5a3ecf 3fee9f75e8ec5f74 bc86ee4ac08b7db0 3fee9f9a48a58174
bc8619321e55e68a 3fee9feb564267c9 3c909ccb5e09d4d3 3feea0694fde5d3f
bc7b32dcb94da51d 3feea11473eb0187 3c94ecfd5467c06b 3feea1ed0130c132
3c65ebe1abd66c55 3feea2f336cf4e62 bc88a1c52fb3cf42 3feea427543e1a12
bc9369b6f13b3734 3feea589994cce13 bc805e843a19ff1e 3feea71a4623c7ad
bc94d450d872576e 3feea8d99b4492ed 3c90ad675b0e8a00 3feeaac7d98a6699
3c8db72fc1f0eab4 3feeace5422aa0db bc65b6609cc5e7ff 3feeaf3216b5448c
3c7bf68359f35f44 3feeb1ae99157736 bc93091fa71e3d83 3feeb45b0b91ffc6
bc5da9b88b6c1e29 3feeb737b0cdc5e5 bc6c23f97c90b959 3feeba44cbc8520f
bc92434322f4f9aa 3feebd829fde4e50 bc85ca6cd7668e4b 3feec0f170ca07ba
3c71affc2b91ce27 3feec49182a3f090 3c6dd235e10a73bb 3feec86319e32323
bc87c50422622263 3feecc667b5de565 3c8b1c86e3e231d5 3feed09bec4a2d33
bc91bbd1d3bcbb15 3feed503b23e255d 3c90cc319cee31d2 3feed99e1330b358
3c8469846e735ab3 3feede6b5579fdbf bc82dfcd978e9db4 3feee36bbfd3f37a
3c8c1a7792cb3387 3feee89f995ad3ad bc907b8f4ad1d9fa 3feeee07298db666
bc55c3d956dcaeba 3feef3a2b84f15fb bc90a40e3da6f640 3feef9728de5593a
bc68d6f438ad9334 3feeff76f2fb5e47 bc91eee26b588a35 3fef05b030a1064a
3c74ffd70a5fddcd 3fef0c1e904bc1d2 bc91bdfbfa9298ac 3fef12c25bd71e09
3c736eae30af0cb3 3fef199bdd85529c 3c8ee3325c9ffd94 3fef20ab5fffd07a
3c84e08fd10959ac 3fef27f12e57d14b 3c63cdaf384e1a67 3fef2f6d9406e7b5
3c676b2c6c921968 3fef3720dcef9069 bc808a1883ccb5d2 3fef3f0b555dc3fa
bc8fad5d3ffffa6f 3fef472d4a07897c bc900dae3875a949 3fef4f87080d89f2
3c74a385a63d07a7 3fef5818dcfba487 bc82919e2040220f 3fef60e316c98398
3c8e5a50d5c192ac 3fef69e603db3285 3c843a59ac016b4b 3fef7321f301b460
bc82d52107b43e1f 3fef7c97337b9b5f bc892ab93b470dc9 3fef864614f5a129
3c74b604603a88d3 3fef902ee78b3ff6 3c83c5ec519d7271 3fef9a51fbc74c83
bc8ff7128fd391f0 3fefa4afa2a490da bc8dae98e223747d 3fefaf482d8e67f1
3c8ec3bc41aa2008 3fefba1bee615a27 3c842b94c3a9eb32 3fefc52b376bba97
3c8a64a931d185ee 3fefd0765b6e4540 bc8e37bae43be3ed 3fefdbfdad9cbe14
3c77893b4d91cd9d 3fefe7c1819e90d8 3c5305c14160cc89 3feff3c22b8f71f1
`
  .trim()
  .split(/\s+/);
const TAIL = new Float64Array(128);
const HEAD = new Float64Array(128);
const SCALE_HIGH = new Uint32Array(128);
const SCALE_LOW = new Uint32Array(128);

// The bits of a double, through a shared buffer.
const scratch = new Float64Array(1);
const words = new Uint32Array(scratch.buffer);

for (let j = 0; j < 128; j++) {
  words[HIGH] = parseInt(EXP_TABLE[2 * j].slice(0, 8), 16);
  words[LOW] = parseInt(EXP_TABLE[2 * j].slice(8), 16);
  TAIL[j] = scratch[0];
  SCALE_HIGH[j] = parseInt(EXP_TABLE[2 * j + 1].slice(0, 8), 16);
  SCALE_LOW[j] = parseInt(EXP_TABLE[2 * j + 1].slice(8), 16);
  words[HIGH] = SCALE_HIGH[j] + (j << 13); // H[j] itself: add back j << 45
  words[LOW] = SCALE_LOW[j];
  HEAD[j] = scratch[0];
}

/** 2^e for |e| <= 739 (|x| < 512 keeps floor(k/128) there), at POWER_OF_TWO[e + POWER_OFFSET]. */
const POWER_OFFSET = 739;
const POWER_OF_TWO = Float64Array.from({ length: 2 * POWER_OFFSET + 1 }, (_, i) => 2 ** (i - POWER_OFFSET));

/** e^x, bit for bit as glibc's exp on x86-64 with FMA. */
export function libmExp(x: number): number {
  const ax = Math.abs(x);
  if (ax < 2 ** -54) return 1 + x; // 0 included
  if (!(ax < 512)) {
    if (ax < 1024) return largeExp(x);
    return Number.isNaN(x) ? x : x < 0 ? 0 : Infinity; // |x| >= 1024, inf, NaN
  }
  const kd = nearestK(x);
  const k = kd | 0;
  const j = k & 127;
  // scale = 2^(k/128) without its tail: H[j]·2^floor(k/128), a normal double here.
  const scale = HEAD[j] * POWER_OF_TWO[(k >> 7) + POWER_OFFSET];

  // |k| < 2^17 here, so k·NEG_LN2_HI_N is exact and fusing x + k·NEG_LN2_HI_N rounds once anyway.
  const r1 = x + kd * NEG_LN2_HI_N;
  // r = fma(k, NEG_LN2_LO_N, r1): k·NEG_LN2_LO_N in two exact parts, added with their rounding errors.
  const rHigh = r1 + kd * NEG_LN2_LO_N_HI;
  const rError = sumError(r1, kd * NEG_LN2_LO_N_HI, rHigh);
  const rLow = rError + kd * NEG_LN2_LO_N_LO;
  const rLowError = sumError(rError, kd * NEG_LN2_LO_N_LO, rLow);
  const r = rHigh + rLow;
  if (rLowError !== 0 && (rHigh + (rLow - 2 * rLowError) !== r || rHigh + (rLow + 2 * rLowError) !== r)) {
    return fma(scale, exactTmp(kd, r1, TAIL[j]), scale);
  }
  // The polynomial without fusing its multiply-adds lands within 1.01·2^-60 of glibc's (|tmp| < 2^-8), so
  // scale·(1 + tmp) within 4.02·2^-60·scale of it, rounding included. Unless a rounding boundary of the
  // result lies that close, rounding it gives glibc's result; else (about 1 call in 10) it is computed exactly.
  const r2 = r * r;
  const tmp = r2 * r2 * (r * C5 + C4) + ((r * C3 + C2) * r2 + (r + TAIL[j]));
  const low = scale * tmp;
  const margin = scale * 2 ** -57;
  const y = scale + low;
  if (scale + (low - margin) === y && scale + (low + margin) === y) return y;
  return fma(scale, exactTmp(kd, r1, TAIL[j]), scale);
}

/** The integer k nearest to x·128/ln 2, from the unrounded product as glibc's fma(x, InvLn2N, Shift) gives it. */
function nearestK(x: number): number {
  const z = x * INV_LN2_N;
  const kd = z + SHIFT - SHIFT;
  if (Math.abs(z - kd) !== 0.5) return kd;
  // The rounded product sits halfway between two integers: its rounding error decides.
  const error = productError(x, INV_LN2_N, z);
  return error === 0 ? kd : z + (error > 0 ? 0.5 : -0.5);
}

/** glibc's tmp = tail + r + r²·(C2 + r·C3) + r⁴·(C4 + r·C5) with its fused multiply-adds, from r1 = x - k·ln2hi/128. */
function exactTmp(kd: number, r1: number, tail: number): number {
  const r = fma(kd, NEG_LN2_LO_N, r1);
  const r2 = r * r;
  return fma(r2 * r2, fma(r, C5, C4), fma(fma(r, C3, C2), r2, r + tail));
}

/**
 * e^x for 512 <= |x| < 1024, where 2^floor(k/128) may leave the normal doubles (glibc's specialcase):
 * scale·(1 + tmp) with scale built from its bits moved 1009 binades down (k > 0) or 1022 up (k < 0).
 */
function largeExp(x: number): number {
  const kd = nearestK(x);
  const k = kd | 0;
  const j = k & 127;
  const tmp = exactTmp(kd, fma(kd, NEG_LN2_HI_N, x), TAIL[j]);
  words[LOW] = SCALE_LOW[j];
  words[HIGH] = SCALE_HIGH[j] + ((k & 0x7ffff) << 13) + (k >= 0 ? -1009 << 20 : 1022 << 20);
  const scale = scratch[0];
  if (k >= 0) return 2 ** 1009 * fma(scale, tmp, scale);
  const scaledTmp = scale * tmp;
  let y = scale + scaledTmp;
  if (y < 1) {
    // A subnormal result: round y to its final precision first, so that scaling it rounds only once.
    const lo = scale - y + scaledTmp;
    const hi = 1 + y;
    y = 1 - hi + y + lo + hi - 1;
    if (y === 0) y = 0; // +0, never -0
  }
  return y * 2 ** -1022;
}
