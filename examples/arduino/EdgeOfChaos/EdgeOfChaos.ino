// edgechaos: a random network of 32 rate neurons below (g = 0.8) and above (g = 1.5) the edge
// of chaos. Below, the activity dies out (a fixed point at rest); above, it keeps moving.
// The network runs in edge_of_chaos_demo.cpp (plain C++); this file only prints.
#include "edge_of_chaos_demo.h"

void print_run(float g) {
  const EdgeOfChaosResult r = run_edge_of_chaos(g);
  Serial.print("g = ");
  Serial.print(g, 2);
  Serial.print(": status ");
  Serial.print(r.status);
  Serial.print(", activity ");
  Serial.print(r.activity, 6);
  Serial.print(", E/N ");
  Serial.print(r.energy, 8);
  Serial.println(r.at_rest ? " -> at rest" : " -> active");
}

void setup() {
  Serial.begin(115200);
  while (!Serial) {
  }
  print_run(0.8f);
  print_run(1.5f);
}

void loop() {}
