// The reservoir_predict report with the model in its image form (report_impl.hpp).
#define PREDICT_FORM 1
#include "report_impl.hpp"
