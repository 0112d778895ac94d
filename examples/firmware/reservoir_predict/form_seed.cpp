// The reservoir_predict report with the model in its seed form (report_impl.hpp).
#define PREDICT_FORM 2
#include "report_impl.hpp"
