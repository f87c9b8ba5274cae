package procura

import "encoding/json"

// TypeZone is the resource type of zones.
const TypeZone = "zone"

// Zone is a set of locations that ship alike: countries, or states of them.
type Zone struct {
	Base
	Key         string     `json:"key,omitempty"`
	Name        string     `json:"name"`
	Description string     `json:"description,omitempty"`
	Locations   []Location `json:"locations"`
}

// Location is a country, or a state of it.
type Location struct {
	Country string `json:"country"`
	State   string `json:"state,omitempty"`
}

// ZoneDraft creates a zone.
type ZoneDraft struct {
	Key         string     `json:"key,omitempty"`
	Name        string     `json:"name"`
	Description string     `json:"description,omitempty"`
	Locations   []Location `json:"locations,omitempty"`
}

// MaxZoneLocations bounds the locations of a zone.
const MaxZoneLocations = 1000

// NewZone validates d and builds the zone.
func NewZone(d ZoneDraft, id string, c Change) (*Zone, error) {
	if d.Key != "" {
		if err := CheckKey("key", d.Key); err != nil {
			return nil, err
		}
	}
	if d.Name == "" {
		return nil, RequiredField("name")
	}
	z := &Zone{Key: d.Key, Name: d.Name, Description: d.Description, Locations: []Location{}}
	for _, l := range d.Locations {
		if err := z.addLocation("locations", l); err != nil {
			return nil, err
		}
	}
	z.Stamp(id, c.Now)
	return z, nil
}

func (z *Zone) addLocation(field string, l Location) error {
	if l.Country == "" {
		return RequiredField(field + ".country")
	}
	if !countryPattern.MatchString(l.Country) {
		return InvalidField(field+".country", l.Country)
	}
	for _, x := range z.Locations {
		if x == l {
			return InvalidInput("The zone already has the location %s%s.", l.Country, stateLabel(l.State))
		}
	}
	if len(z.Locations) >= MaxZoneLocations {
		return LimitExceeded("zone", "A zone has at most %d locations.", MaxZoneLocations)
	}
	z.Locations = append(z.Locations, l)
	return nil
}

// Contains reports whether an address in country and state is in the zone: a location of its
// state, or of its country without a state.
func (z *Zone) Contains(country, state string) bool {
	for _, l := range z.Locations {
		if l.Country == country && (l.State == "" || l.State == state) {
			return true
		}
	}
	return false
}

type zoneAction struct {
	Action      string    `json:"action"`
	Name        *string   `json:"name"`
	Key         *string   `json:"key"`
	Description *string   `json:"description"`
	Location    *Location `json:"location"`
}

// Apply applies one zone update action: changeName, setKey, setDescription, addLocation,
// removeLocation.
func (z *Zone) Apply(raw json.RawMessage) error {
	var a zoneAction
	if err := DecodeAction(raw, &a, zoneActions); err != nil {
		return err
	}
	switch a.Action {
	case "changeName":
		if deref(a.Name) == "" {
			return RequiredField("name")
		}
		z.Name = *a.Name
	case "setKey":
		return setKey(&z.Key, a.Key)
	case "setDescription":
		z.Description = deref(a.Description)
	case "addLocation":
		if a.Location == nil {
			return RequiredField("location")
		}
		return z.addLocation("location", *a.Location)
	case "removeLocation":
		if a.Location == nil {
			return RequiredField("location")
		}
		for i, l := range z.Locations {
			if l == *a.Location {
				z.Locations = append(z.Locations[:i], z.Locations[i+1:]...)
				return nil
			}
		}
		return InvalidInput("The zone has no location %s%s.", a.Location.Country, stateLabel(a.Location.State))
	}
	return nil
}

var zoneActions = ActionFields{
	"changeName":     {"name"},
	"setKey":         {"key"},
	"setDescription": {"description"},
	"addLocation":    {"location"},
	"removeLocation": {"location"},
}
