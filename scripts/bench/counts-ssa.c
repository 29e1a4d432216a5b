/* A counts-only stochastic simulation of the benchmark's cluster model, the second yardstick of
 * scripts/bench/engine.bench.ts: Gillespie's direct method on the cluster counts N_1, N_2, N_3
 * alone (no states, no flow), as a compiled SSA such as GillesPy2's C++ solver runs it. Its cost
 * per event does not depend on N: what an event costs when nothing but counts is kept.
 *
 * Model: constant kernels lambda = mu = 1, M = 1, kmax = 3, eps; all particles free at t = 0.
 * Channels (docs/model.md section 1): 1+1 -> 2 at rate M N_1 (N_1 - 1)/N, 1+2 -> 3 at M N_1 N_2/N,
 * 2 -> 1+1 at N_2/eps, 3 -> 1+2 at 2 N_3/eps.
 *
 * Build: gcc -O2 -o counts-ssa counts-ssa.c -lm
 * Usage: counts-ssa N EVENTS [eps] [seed] -> one JSON line: N, events, seconds, cpuSeconds (of the
 * events), eventsPerSecond, bytesPerParticle (0: three counts whatever N), final time t and
 * fractions n1, n2, n3. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static uint64_t s[4];
static inline uint64_t rotl(const uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
/* xoshiro256+ (Blackman & Vigna), as ../shared/bench/limit.c. */
static inline uint64_t next(void) {
  const uint64_t r = s[0] + s[3], t = s[1] << 17;
  s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t; s[3] = rotl(s[3], 45);
  return r;
}
static inline double unif(void) { return ((next() >> 11) + 0.5) * 0x1.0p-53; }

int main(int argc, char **argv) {
  long N = argc > 1 ? atol(argv[1]) : 100000;
  long E = argc > 2 ? atol(argv[2]) : 10000000;
  double eps = argc > 3 ? atof(argv[3]) : 0.1;
  uint64_t seed = argc > 4 ? (uint64_t)atol(argv[4]) : 1;
  s[0] = seed * 0x9E3779B97F4A7C15ULL + 1; s[1] = 0xBF58476D1CE4E5B9ULL; s[2] = 0x94D049BB133111EBULL; s[3] = 12345;
  for (int i = 0; i < 20; i++) next();
  long n1 = N, n2 = 0, n3 = 0;
  double t = 0;
  struct timespec a, b, ca, cb;
  clock_gettime(CLOCK_MONOTONIC, &a);
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ca);
  for (long e = 0; e < E; e++) {
    double r[4] = {(double)n1 * (n1 - 1) / N, (double)n1 * n2 / N, n2 / eps, 2 * n3 / eps};
    double R = r[0] + r[1] + r[2] + r[3];
    t += -log(unif()) / R;
    double u = unif() * R;
    int ch = 0;
    while (ch < 3 && u >= r[ch]) u -= r[ch++];
    switch (ch) {
      case 0: n1 -= 2; n2++; break;
      case 1: n1--; n2--; n3++; break;
      case 2: n2--; n1 += 2; break;
      default: n3--; n2++; n1++; break;
    }
  }
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cb);
  clock_gettime(CLOCK_MONOTONIC, &b);
  double sec = (b.tv_sec - a.tv_sec) + 1e-9 * (b.tv_nsec - a.tv_nsec);
  double cpu = (cb.tv_sec - ca.tv_sec) + 1e-9 * (cb.tv_nsec - ca.tv_nsec);
  printf("{\"N\":%ld,\"events\":%ld,\"seconds\":%.4f,\"cpuSeconds\":%.4f,\"eventsPerSecond\":%.0f,\"bytesPerParticle\":0,\"t\":%.4f,\"n1\":%.5f,\"n2\":%.5f,\"n3\":%.5f}\n",
         N, E, sec, cpu, E / sec, t, n1 / (double)N, n2 / (double)N, n3 / (double)N);
  return 0;
}
