package ocsf

import "strings"

// OCSF 1.1 classes of the CLOUD_TRAIL_MGMT table.
const (
	ClassAccountChange  int32 = 3001
	ClassAuthentication int32 = 3002
	ClassAPIActivity    int32 = 6003

	categoryIAM         int32 = 3
	categoryApplication int32 = 6

	activityOther int32 = 99
)

type cloudTrailClass struct {
	uid          int32
	name         string
	categoryUID  int32
	categoryName string
	activity     func(eventName string, tree *jsonTree, requestParameters int32) int32
	activities   map[int32]activityNames
}

type activityNames struct {
	name     string
	typeName string // "<class>: <activity>"
}

func activitiesOf(className string, names map[int32]string) map[int32]activityNames {
	out := make(map[int32]activityNames, len(names))
	for id, name := range names {
		out[id] = activityNames{name: name, typeName: className + ": " + name}
	}
	return out
}

var (
	accountChangeClass = cloudTrailClass{
		uid: ClassAccountChange, name: "Account Change",
		categoryUID: categoryIAM, categoryName: "Identity & Access Management",
		activity: accountChangeActivity,
		activities: activitiesOf("Account Change", map[int32]string{
			1: "Create", 2: "Enable", 3: "Password Change", 4: "Password Reset", 5: "Disable", 6: "Delete",
			7: "Attach Policy", 8: "Detach Policy", 9: "Lock", 10: "MFA Factor Enable", 11: "MFA Factor Disable",
			activityOther: "Other",
		}),
	}
	authenticationClass = cloudTrailClass{
		uid: ClassAuthentication, name: "Authentication",
		categoryUID: categoryIAM, categoryName: "Identity & Access Management",
		activity: authenticationActivity,
		activities: activitiesOf("Authentication", map[int32]string{
			1: "Logon", 2: "Logoff", 3: "Authentication Ticket", 4: "Service Ticket Request", 5: "Service Ticket Renew",
			activityOther: "Other",
		}),
	}
	apiActivityClass = cloudTrailClass{
		uid: ClassAPIActivity, name: "API Activity",
		categoryUID: categoryApplication, categoryName: "Application Activity",
		activity:   apiActivity,
		activities: activitiesOf("API Activity", map[int32]string{1: "Create", 2: "Read", 3: "Update", 4: "Delete", activityOther: "Other"}),
	}
)

// Security Lake's record selector (ocsf.md §2.1): these event names become
// Authentication or Account Change, every other one API Activity. The
// selector looks at the name only, whatever the eventSource. The lists are
// exported for the benchmark's DuckDB-only rival, which must classify alike.
var (
	AuthenticationEventNames = []string{"ConsoleLogin", "ExternalIdPDirectoryLogin", "CheckMfa", "CredentialChallenge",
		"CredentialVerification", "UserAuthentication", "AssumeRole", "AssumeRoleWithSAML", "AssumeRoleWithWebIdentity"}
	AccountChangeEventNames = []string{"UpdateRole", "AttachUserPolicy", "PutRolePermissionsBoundary", "DeletePolicy",
		"RemoveUserFromGroup", "ChangePassword", "CreateAccessKey", "AttachGroupPolicy", "ResyncMFADevice", "DeleteRolePolicy",
		"PutUserPermissionsBoundary", "CreateUser", "CreateServiceLinkedRole", "PutRolePolicy", "DetachGroupPolicy",
		"UpdateAccessKey", "CreateInstanceProfile", "CreateRole", "DeleteUserPermissionsBoundary", "DeleteAccountAlias",
		"PutGroupPolicy", "CreateLoginProfile", "DeleteGroupPolicy", "DeleteLoginProfile", "DeleteUserPolicy",
		"DeactivateMFADevice", "RemoveRoleFromInstanceProfile", "UpdateUser", "EnableMFADevice", "DeleteUser",
		"AddRoleToInstanceProfile", "UpdateAccountEmailAddress", "UpdateRoleDescription", "DetachUserPolicy",
		"UpdateAssumeRolePolicy", "DeleteGroup", "DeleteServiceLinkedRole", "DeleteAccessKey", "AddUserToGroup",
		"DeleteVirtualMFADevice", "FinalizeSmsMfaRegistration", "DeleteRolePermissionsBoundary", "DetachRolePolicy",
		"DeleteInstanceProfile", "UpdateGroup", "UpdateLoginProfile", "RequestSmsMfaRegistration", "DeleteRole",
		"PutUserPolicy", "CreateVirtualMFADevice", "AttachRolePolicy", "EmailUpdated", "AccountNameUpdated",
		"PasswordUpdated", "DeleteAccountPasswordPolicy", "UpdateAccountPasswordPolicy", "UpdateAccountName",
		"TagInstanceProfile", "TagRole", "TagUser", "UntagInstanceProfile", "UntagRole", "UntagUser", "CreateAccountAlias"}

	authenticationEvents = setOf(AuthenticationEventNames...)
	accountChangeEvents  = setOf(AccountChangeEventNames...)
)

func setOf(names ...string) map[string]struct{} {
	set := make(map[string]struct{}, len(names))
	for _, n := range names {
		set[n] = struct{}{}
	}
	return set
}

func classOf(eventName string) *cloudTrailClass {
	if _, ok := authenticationEvents[eventName]; ok {
		return &authenticationClass
	}
	if _, ok := accountChangeEvents[eventName]; ok {
		return &accountChangeClass
	}
	return &apiActivityClass
}

// apiActivityVerbs is the community reproduction of Security Lake's rule
// (ocsf/examples bloblang): the first group with a verb contained in the
// event name decides, so "ListAttachedRolePolicies" is Read, not Update.
var apiActivityVerbs = []struct {
	activity int32
	verbs    []string
}{
	{1, []string{"Create", "Run", "Generate"}},
	{2, []string{"Get", "List", "Describe", "Search", "Lookup"}},
	{3, []string{"Update", "Put", "Modify", "Add", "Remove", "Start", "Stop", "Attach", "Detach", "Associate",
		"Disassociate", "Tag", "Untag", "Enable", "Disable", "Register", "Deregister"}},
	{4, []string{"Delete", "Terminate"}},
}

func apiActivity(eventName string, _ *jsonTree, _ int32) int32 {
	for _, group := range apiActivityVerbs {
		for _, verb := range group.verbs {
			if strings.Contains(eventName, verb) {
				return group.activity
			}
		}
	}
	return activityOther
}

// authenticationActivity: sign-ins and role assumptions are Logon; the
// checks inside a sign-in (CheckMfa, CredentialChallenge,
// CredentialVerification) have no OCSF 1.1 activity and are Other.
func authenticationActivity(eventName string, _ *jsonTree, _ int32) int32 {
	switch {
	case eventName == "ConsoleLogin", eventName == "ExternalIdPDirectoryLogin", eventName == "UserAuthentication",
		strings.HasPrefix(eventName, "AssumeRole"):
		return 1
	}
	return activityOther
}

// accountChangeActivity maps IAM mutations onto the OCSF 1.1 account_change
// enum. Security Lake's own table is not published; the choices:
//   - EnableMFADevice, FinalizeSmsMfaRegistration → 10 MFA Factor Enable;
//     DeactivateMFADevice, DeleteVirtualMFADevice → 11 MFA Factor Disable
//     (checked first: they would otherwise match Delete*/Create*).
//   - ChangePassword, UpdateLoginProfile, PasswordUpdated → 3 Password Change.
//   - UpdateAccessKey → 2 Enable / 5 Disable by requestParameters.status
//     (Active / Inactive), else Other.
//   - Attach*, Put*Policy, Put*PermissionsBoundary → 7 Attach Policy;
//     Detach*, Delete{User,Role,Group}Policy, Delete*PermissionsBoundary
//     → 8 Detach Policy (removing an inline policy or boundary takes
//     permissions off a principal; DeletePolicy and
//     DeleteAccountPasswordPolicy delete an object, so they are 6 Delete).
//     RemoveRoleFromInstanceProfile is 8 Detach Policy too, as in Security
//     Lake's files: it takes the role's permissions off the instances.
//   - Create* → 1 Create; other Delete* → 6 Delete.
//   - Everything else (Update*, Tag*, group membership, ...) → 99 Other.
func accountChangeActivity(eventName string, tree *jsonTree, requestParameters int32) int32 {
	switch eventName {
	case "EnableMFADevice", "FinalizeSmsMfaRegistration":
		return 10
	case "DeactivateMFADevice", "DeleteVirtualMFADevice":
		return 11
	case "ChangePassword", "UpdateLoginProfile", "PasswordUpdated":
		return 3
	case "UpdateAccessKey":
		switch tree.strMember(requestParameters, "status") {
		case "Active":
			return 2
		case "Inactive":
			return 5
		}
		return activityOther
	case "DeleteUserPolicy", "DeleteRolePolicy", "DeleteGroupPolicy", "RemoveRoleFromInstanceProfile":
		return 8
	}
	switch {
	case strings.HasPrefix(eventName, "Attach"),
		strings.HasPrefix(eventName, "Put") && (strings.HasSuffix(eventName, "Policy") || strings.HasSuffix(eventName, "PermissionsBoundary")):
		return 7
	case strings.HasPrefix(eventName, "Detach"),
		strings.HasPrefix(eventName, "Delete") && strings.HasSuffix(eventName, "PermissionsBoundary"):
		return 8
	case strings.HasPrefix(eventName, "Create"):
		return 1
	case strings.HasPrefix(eventName, "Delete"):
		return 6
	}
	return activityOther
}
