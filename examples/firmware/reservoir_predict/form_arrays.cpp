// The reservoir_predict report with the model in its arrays form (report_impl.hpp).
#define PREDICT_FORM 0
#include "report_impl.hpp"
