package procura

// The change history's setting, a Procura extension (decision 0039): how many days its records
// are kept.

// Bounds of the history's retention: a year by default, at most a thousand years as the
// reference's other retention settings.
const (
	DefaultHistoryDays = 365
	maxHistoryDays     = maxDeleteDays
)

// HistoryConfiguration is the project's history setting.
type HistoryConfiguration struct {
	// DeleteDaysAfterCreation is how many days a record is kept after it was written.
	DeleteDaysAfterCreation int `json:"deleteDaysAfterCreation"`
}

// historyActions are the history setting's update actions and their fields.
var historyActions = ActionFields{"changeHistoryConfiguration": {"historyConfiguration"}}

// historyAction holds the fields of changeHistoryConfiguration.
type historyAction struct {
	HistoryConfiguration *historyConfigurationDraft `json:"historyConfiguration"`
}

type historyConfigurationDraft struct {
	DeleteDaysAfterCreation *int `json:"deleteDaysAfterCreation"`
}

// apply applies changeHistoryConfiguration.
func (h *HistoryConfiguration) apply(a historyAction) error {
	if a.HistoryConfiguration == nil || a.HistoryConfiguration.DeleteDaysAfterCreation == nil {
		return RequiredField("historyConfiguration.deleteDaysAfterCreation")
	}
	days := *a.HistoryConfiguration.DeleteDaysAfterCreation
	if err := checkBetween("historyConfiguration.deleteDaysAfterCreation", days, 1, maxHistoryDays); err != nil {
		return err
	}
	h.DeleteDaysAfterCreation = days
	return nil
}
