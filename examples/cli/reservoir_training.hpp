// The three readout trainers behind one run-time-sized call, for the `reservoir` subcommand.
// The device trainers (float32 StreamingRidge and Rls) have compile-time sizes; here they
// run at the next size bucket (64, 128, ..., 1024) with the unused features held at zero.
// That is exact, not an approximation: a zero column is untouched by every Givens rotation
// (the rotation of a zero entry is skipped) and by every RLS update (k_i = (P f)_i = 0 for a
// zero feature when P starts diagonal), so the padded fit is the unpadded one with zero weights
// appended.
#pragma once

#include <string>

#include <Eigen/Core>

#include "edgechaos/core/status.hpp"

namespace edgechaos::cli {

enum class Trainer { ridge, streaming, rls };
Trainer parse_trainer(const std::string& name);
const char* to_string(Trainer t);

struct ReadoutFit {
  Eigen::MatrixXd w;  // K x F
  Eigen::VectorXd c;  // K
  double ns_per_update = 0.0;  // training time per sample (ridge: the whole fit per sample)
};

struct TrainOptions {
  Trainer trainer = Trainer::ridge;
  double alpha = 1e-6;   // ridge penalty; for RLS P(0) = I / alpha
  double lambda = 1.0;   // RLS forgetting factor
};

// The largest F and K the device trainers run here (F + 1 <= 1024 for RLS's constant).
constexpr int kMaxDeviceFeatures = 1024;
constexpr int kMaxDeviceOutputs = 2048;

// Fits Y (rows: samples) on the features X with the chosen trainer. The status is the
// library's (insufficient_data, not_positive_definite, ...); capacity_exceeded when F or K is
// beyond the device trainers' buckets.
Status train_readout(const Eigen::MatrixXf& X, const Eigen::MatrixXf& Y, const TrainOptions& options, ReadoutFit& out);

// yhat = W x + c, row by row, in double.
Eigen::MatrixXd predict(const ReadoutFit& fit, const Eigen::MatrixXf& X);

}  // namespace edgechaos::cli
