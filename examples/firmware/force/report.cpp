// FORCE learning on the device (issue 10, item 6; shared/RESERVOIR.md section 6): N = 128,
// the period-30 target, Euler dt = 0.1 with the output fed back, RLS (alpha = 1, lambda = 1)
// every 2nd step, from scratch: J, w_f and the start drawn on the device from the seed
// (examples/force/force_network.hpp), train 1440 time units, then run free for 1440.
// Built in reproducible mode (no FMA contraction, FastTanh), so every line except the
// platform and cost lines must equal the host build's, bit for bit: the errors are printed
// with their float bits, and a hash of every output z of the run.
//
// RAM (static, .bss): J 64 KiB (generated into RAM; a product would keep it in flash), the
// trainer 36 KB (the RLS triangle 33 KB), w_f, x and the stepper's buffers 2.5 KB.
#include "report.hpp"

#include <cstdint>
#include <cstring>

#include "cortexm/board.hpp"
#include "cortexm/console.hpp"
#include "edgechaos/edgechaos.hpp"
#include "report_value.hpp"
#include "force_network.hpp"

namespace {

namespace ec = edgechaos;
namespace force = edgechaos::force;
using cortexm::put;

constexpr int kN = 128;
constexpr std::uint64_t kSeed = 1;
using Net = ec::RateNetwork<kN, 1, ec::FastTanh>;
using Trainer = ec::ForceTrainer<kN, ec::FastTanh>;

float g_J[kN * kN];
float g_wf[kN];
float g_x0[kN];
Trainer g_trainer;
ec::Euler<Net> g_euler;
// The same J without the feedback input (M = 0): the cost line's reference for the W_in u term.
using Net0 = ec::RateNetwork<kN, 0, ec::FastTanh>;
ec::Euler<Net0> g_euler0;
ec::Vector<kN> g_x;

using fw::put_value;
using Hash = fw::Fnv1a32;  // over the bits of every output: differs if any output differs

std::uint32_t units(std::uint32_t t0, std::uint32_t t1) { return cortexm::counter_to_units(t1 - t0); }

}  // namespace

int run_force_report(const char* platform) {
  put("platform: ");
  put(platform);
  put("\n");
  float z0 = 0;
  force::NetworkParams q;
  q.seed = kSeed;
  Net net(g_J);
  if (force::generate_network(q, kN, g_J, g_wf, g_x0, z0) != ec::Status::ok ||
      net.set_input_weights(g_wf, 1) != ec::Status::ok) {
    put("{\"fw\":\"force\",\"status\":\"setup failed\"}\n");
    return 1;
  }
  for (int i = 0; i < kN; ++i) g_x[i] = g_x0[i];

  force::Protocol pr;
  pr.period = ec::FourSine::kDevicePeriod;
  pr.train_steps = 14400;  // 1440 time units
  pr.test_steps = 14400;   // 1440 time units free
  Hash hash;
  const force::PhaseResult r =
      force::run_protocol(g_trainer, g_euler, net, g_x, z0, pr, [&](long, double, float, float z, force::Phase) {
        hash.add(z);
      });

  put("{\"fw\":\"force\",\"n\":128,\"period\":30,\"seed\":1,\"dt\":0.1,\"train_time\":1440,\"test_time\":1440");
  put(",\"status\":\"");
  put(ec::to_string(r.status));
  put("\",\"steps\":");
  cortexm::put_int(r.steps);
  put(",\"updates\":");
  cortexm::put_int(r.updates);
  put_value("mae_train", static_cast<float>(r.mae_train));
  put_value("mae_test", static_cast<float>(r.mae_test));
  put(",\"z_hash\":\"");
  cortexm::put_hex(hash.h, 8);
  put("\"}\n");

  // Cost (a separate line: the host has no counter): one free step, the model's step alone
  // (the Euler step with u = z that the free step contains), and a training step
  // pair (the first trains nothing, the second makes an RLS update), on the state the run
  // ended with. Under QEMU with -icount these are instruction counts.
  if (cortexm::counter_available()) {
    ec::Status s = ec::Status::ok;
    std::uint32_t t0 = cortexm::counter_read();
    s = g_trainer.run_step(g_euler, net, g_x, 0.0f, 0.1f);
    std::uint32_t t1 = cortexm::counter_read();
    const std::uint32_t step = units(t0, t1);
    // The model's step alone (the same Euler step with u = z, no trainer), for the breakdown.
    ec::Vector<1> u;
    u[0] = g_trainer.output();
    t0 = cortexm::counter_read();
    if (s == ec::Status::ok) s = g_euler.step(net, g_x, u, 0.1f);
    t1 = cortexm::counter_read();
    const std::uint32_t model = units(t0, t1);
    const Net0 net0(g_J);
    t0 = cortexm::counter_read();
    if (s == ec::Status::ok) s = g_euler0.step(net0, g_x, 0.1f);
    t1 = cortexm::counter_read();
    const std::uint32_t model0 = units(t0, t1);
    while (s == ec::Status::ok && g_trainer.rls().samples() % 2 != 0) s = g_trainer.train_step(g_euler, net, g_x, 0.0f, 0.1f, 0.0f);
    t0 = cortexm::counter_read();
    if (s == ec::Status::ok) s = g_trainer.train_step(g_euler, net, g_x, 0.0f, 0.1f, 0.0f);  // counted, no update
    t1 = cortexm::counter_read();
    const std::uint32_t plain = units(t0, t1);
    t0 = cortexm::counter_read();
    if (s == ec::Status::ok) s = g_trainer.train_step(g_euler, net, g_x, 0.0f, 0.1f, 0.0f);  // the update
    t1 = cortexm::counter_read();
    const std::uint32_t update = units(t0, t1);
    put("{\"fw\":\"force_cost\",\"target\":\"");
    put(platform);
    put("\",\"n\":128,\"unit\":\"");
    put(cortexm::counter_unit());
    put("\",\"model_step\":");
    cortexm::put_uint(model);
    put(",\"model_step_no_input\":");
    cortexm::put_uint(model0);
    put(",\"free_step\":");
    cortexm::put_uint(step);
    put(",\"train_step\":");
    cortexm::put_uint(plain);
    put(",\"train_step_with_update\":");
    cortexm::put_uint(update);
    put(",\"rls_update\":");
    cortexm::put_uint(update > plain ? update - plain : 0u);
    put(",\"trainer_bytes\":");
    cortexm::put_uint(sizeof(Trainer));
    put(",\"couplings_bytes\":");
    cortexm::put_uint(sizeof(g_J));
    put(",\"status\":\"");
    put(ec::to_string(s));
    put("\"}\n");
  }
  const bool ok = r.status == ec::Status::ok && r.mae_train < 1.0 && r.mae_test < 1e30;
  return ok ? 0 : 1;
}
