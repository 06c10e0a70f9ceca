package seed

// Role says what a paragraph of an excerpt is, where that is not plain body
// text. Themes use it to style the paragraph (a heading as a heading, a
// caption in small print); the zero Role is body text.
type Role string

// The roles a paragraph can have.
const (
	RoleNone        Role = ""
	RoleHeading     Role = "heading"
	RoleByline      Role = "byline"
	RoleCaption     Role = "caption"
	RoleCredit      Role = "credit"
	RoleQuestion    Role = "question"
	RoleBoilerplate Role = "boilerplate"
)

// Roles returns the valid roles, RoleNone excluded, in a fixed order.
func Roles() []Role {
	return []Role{RoleHeading, RoleByline, RoleCaption, RoleCredit, RoleQuestion, RoleBoilerplate}
}

// ParseRole returns the role named s and whether there is one. The name must
// be exact, as written in Roles; "" is not a role name.
func ParseRole(s string) (Role, bool) {
	for _, r := range Roles() {
		if string(r) == s {
			return r, true
		}
	}
	return RoleNone, false
}
