package gen

import "fmt"

// inventory is what an account's API calls name: buckets, keys, functions
// and so on. Picks are skewed so that a few resources get most calls.
type inventory struct {
	buckets, kmsKeys, securityGroups, functions []string
	tables, repos, stacks, topics               []string
	services, ecsClusters                       []string
	eksCluster                                  string
}

var appServices = []string{"orders-api", "payments", "web-frontend", "search", "notifications", "inventory", "auth", "reporting", "billing", "catalog"}

func newInventory(r *rng, account string) inventory {
	inv := inventory{eksCluster: "prod-eks"}
	for _, purpose := range []string{"assets", "uploads", "backups", "data-lake", "logs", "terraform-state", "artifacts", "reports", "exports", "static-site"} {
		inv.buckets = append(inv.buckets, fmt.Sprintf("%s-%s-%s", purpose, []string{"prod", "staging", "dev"}[r.intn(3)], r.text(hexDigits, 6)))
	}
	inv.buckets = append(inv.buckets, "aws-cloudtrail-logs-"+account+"-"+r.text(hexDigits, 8))
	for i := 0; i < 8; i++ {
		inv.kmsKeys = append(inv.kmsKeys, string(r.appendUUID(nil)))
		inv.securityGroups = append(inv.securityGroups, "sg-"+r.text(hexDigits, 17))
	}
	inv.services = appServices
	for _, s := range appServices {
		inv.functions = append(inv.functions, s+"-handler")
		inv.repos = append(inv.repos, s)
		inv.stacks = append(inv.stacks, "app-"+s+"-prod")
	}
	inv.tables = []string{"orders", "sessions", "users", "inventory", "events", "carts", "payments-ledger"}
	inv.topics = []string{"alerts", "orders-events", "deploy-notifications"}
	inv.ecsClusters = []string{"prod-cluster", "batch-cluster"}
	inv.stacks = append(inv.stacks, "network-prod", "security-baseline")
	return inv
}

// skewed picks one of n items, the first ones far more often.
func (r *rng) skewed(n int) int {
	u := r.float()
	return min(int(float64(n)*u*u*u), n-1)
}

func pickSkewed[T any](r *rng, items []T) T { return items[r.skewed(len(items))] }

// A service's own parameters, secrets and log groups: workloads read
// those of the service they run, not the whole account's.
var (
	parameterNames = []string{"db_password", "api_url", "feature_flags"}
	secretNames    = []string{"database", "api-key"}
)

func parameterOf(r *rng, service string) string {
	return "/prod/" + service + "/" + parameterNames[r.skewed(len(parameterNames))]
}

func secretOf(r *rng, service string) string {
	return "prod/" + service + "/" + secretNames[r.skewed(len(secretNames))]
}

func logGroupOf(r *rng, service string) string {
	if r.chance(0.5) {
		return "/aws/lambda/" + service + "-handler"
	}
	return "/ecs/" + service
}
