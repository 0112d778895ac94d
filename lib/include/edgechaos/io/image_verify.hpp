/// \file
/// Re-verifying a model image (io/model_image.hpp) that is already in use, in RAM or in
/// flash: its two CRC-32s recomputed and compared with the stored ones, so a bit flipped
/// since the image was read is found (docs/faults.md). CRC-32 detects every single-bit
/// error, every burst of up to 32 bits and every odd number of flipped bits.
///
/// Two forms, neither allocates nor writes to the image:
///  - verify_model_image(data, size): the whole image at once, O(size): one CRC pass over
///    bytes 0..91 (the header) and one over the payload.
///  - ImageVerifier: the same pass cut into calls of at most `max_bytes` bytes each, so a
///    control loop can spread it over its ticks. A call costs at most max_bytes CRC bytes
///    plus a constant (a phase change and one compare); on the Cortex-M4F the CRC costs
///    about 13 instructions a byte (measured under QEMU -icount: docs/faults.md).
///
/// What counts as corrupted: the header's CRC (bytes 92..95) differs from the CRC of bytes
/// 0..91, or the payload's (bytes 88..91) from the CRC of bytes 96..size-1, or the magic or
/// the total-size field differs from what the caller gave. The answer is Status::corrupted_blob
/// (the weight-blob family's "failed its checksum test"). read_model_image answers the same
/// fault with Status::malformed_file, as it answers every image that does not parse: the
/// reader says "these bytes are no model", the verifier "the model in use has changed".
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "edgechaos/core/crc32.hpp"
#include "edgechaos/core/status.hpp"
#include "edgechaos/io/model_image.hpp"
#include "edgechaos/weights/weight_blob.hpp"

namespace edgechaos {

/// Where an ImageVerifier's pass stands after a call of step().
enum class VerifyProgress : std::uint8_t {
  in_progress,  ///< the pass is not finished; call step() again
  ok,           ///< a pass just finished and both CRCs matched (the next step() starts a new pass)
  corrupted,    ///< a CRC, the magic or the size field did not match; sticky until start() or restart()
};

/// The incremental verifier of a model image (see the file comment): start() once with the
/// image, then step(max_bytes) per tick. It holds a pointer to the image and 16 bytes of
/// progress; the image is only read.
class ImageVerifier {
 public:
  /// The image to verify from now on (it must outlive the verifier or the next start()).
  /// invalid_argument (nothing changed) for a null pointer or fewer than the header's 96
  /// bytes; otherwise a new pass begins at byte 0.
  Status start(const unsigned char* data, std::size_t size) {
    if (data == nullptr || size < image::kHeaderBytes) return Status::invalid_argument;
    data_ = data;
    size_ = size;
    passes_ = 0;
    restart();
    return Status::ok;
  }

  /// Begins a new pass over the same image (clears a corrupted verdict: after the image
  /// was reloaded, for example).
  void restart() {
    at_ = 0;
    crc_ = 0;
    corrupted_ = false;
  }

  /// Checks at most \p max_bytes more bytes of the pass (at least one: 0 counts as 1).
  /// in_progress until the pass's last byte, then ok or corrupted; after ok the next call
  /// starts a new pass. corrupted also before start() (there is nothing to vouch for).
  VerifyProgress step(std::size_t max_bytes) {
    if (data_ == nullptr || corrupted_) return VerifyProgress::corrupted;
    std::size_t budget = max_bytes > 0 ? max_bytes : 1;
    if (at_ < image::kHeaderCrcOffset) {  // phase 1: the header's bytes 0..91
      const std::size_t n = smaller(budget, image::kHeaderCrcOffset - at_);
      crc_ = crc32(data_ + at_, n, crc_);
      at_ += n;
      budget -= n;
      if (at_ < image::kHeaderCrcOffset) return VerifyProgress::in_progress;
      if (crc_ != blob::load_u32(data_ + image::kHeaderCrcOffset) || std::memcmp(data_, image::kMagic, 4) != 0 ||
          blob::load_u32(data_ + 8) != size_) {
        return fail();
      }
      at_ = image::kHeaderBytes;  // the stored header CRC itself is not hashed
      crc_ = 0;
    }
    const std::size_t n = smaller(budget, size_ - at_);  // phase 2: the payload
    crc_ = crc32(data_ + at_, n, crc_);
    at_ += n;
    if (at_ < size_) return VerifyProgress::in_progress;
    if (crc_ != blob::load_u32(data_ + image::kPayloadCrcOffset)) return fail();
    ++passes_;
    restart();
    return VerifyProgress::ok;
  }

  /// Status::ok unless the last pass found corruption (then Status::corrupted_blob), or
  /// invalid_argument before start().
  Status status() const {
    if (data_ == nullptr) return Status::invalid_argument;
    return corrupted_ ? Status::corrupted_blob : Status::ok;
  }
  /// Bytes of the image covered so far in the current pass (0 at its start).
  std::size_t position() const { return at_; }
  /// Passes finished with both CRCs matching since start().
  std::uint32_t passes() const { return passes_; }
  /// The calls of step(max_bytes) one pass of an image of \p size bytes takes: the CRCs
  /// cover size - 4 bytes (all but the stored header CRC), max_bytes a call, the header's
  /// end and the payload's start sharing a call.
  static std::size_t calls_per_pass(std::size_t size, std::size_t max_bytes) {
    const std::size_t k = max_bytes > 0 ? max_bytes : 1;
    const std::size_t hashed = size - 4;
    return (hashed + k - 1) / k;
  }

 private:
  static std::size_t smaller(std::size_t a, std::size_t b) { return a < b ? a : b; }
  VerifyProgress fail() {
    corrupted_ = true;
    return VerifyProgress::corrupted;
  }

  const unsigned char* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t at_ = 0;
  std::uint32_t crc_ = 0;
  std::uint32_t passes_ = 0;
  bool corrupted_ = false;
};

/// The whole image verified at once (ImageVerifier with an unlimited budget): ok,
/// corrupted_blob, or invalid_argument for a null pointer or fewer than 96 bytes.
/// O(size), nothing allocated or written.
inline Status verify_model_image(const unsigned char* data, std::size_t size) {
  ImageVerifier v;
  const Status s = v.start(data, size);
  if (s != Status::ok) return s;
  return v.step(size) == VerifyProgress::ok ? Status::ok : Status::corrupted_blob;
}

}  // namespace edgechaos
