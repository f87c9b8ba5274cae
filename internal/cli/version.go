package cli

import (
	"runtime"
	"runtime/debug"
)

// buildVersion returns the version and the source revision of the binary: those set at build
// time, else those the Go toolchain recorded (info, nil when it recorded none). The version is
// the module's (v1.2.3 when installed with go install …@v1.2.3; a pseudo-version when built in a
// checkout of a tagged or untagged commit), "devel" where there is none; the revision is the
// commit's first 12 hex digits, "-modified" when the checkout had changes, "" where it is unknown
// (a build with -buildvcs=false, or from a source tree without its history).
func buildVersion(version, revision string, info *debug.BuildInfo) (string, string) {
	if info != nil && version == "" && info.Main.Version != "" && info.Main.Version != "(devel)" {
		version = info.Main.Version
	}
	if version == "" {
		version = "devel"
	}
	if info != nil && revision == "" {
		var modified bool
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				revision = s.Value[:min(12, len(s.Value))]
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
		if revision != "" && modified {
			revision += "-modified"
		}
	}
	return version, revision
}

// versionLine is what 'procura version' prints: procura v1.2.3 (revision 0123456789ab, go1.26.8).
func versionLine() string {
	s := "procura " + Version + " ("
	if Revision != "" {
		s += "revision " + Revision + ", "
	}
	return s + runtime.Version() + ")"
}
