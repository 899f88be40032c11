using System.Text.Json.Nodes;

namespace Deploy.Tests;

/// <summary>Default deny; ingress only to the portal and the public ORUK API; each service only to RabbitMQ and its own database.</summary>
public class NetworkPolicyTests
{
    private static readonly string[] BackendServices = ["directory", "referrals", "feedback"];

    private static List<JsonObject> Policies(string overlay) =>
        Overlays.Objects(overlay).OfKind("NetworkPolicy").ToList();

    private static IReadOnlyDictionary<string, string> Selector(JsonObject policy)
    {
        var sel = policy.At("spec.podSelector");
        Assert.True(sel is JsonObject, $"{policy.Id()} has no podSelector");
        Assert.True(sel!["matchExpressions"] is null, $"{policy.Id()}: matchExpressions are not understood by this test");
        return sel.At("matchLabels").Labels();
    }

    private static bool HasType(JsonObject policy, string type) =>
        policy.At("spec.policyTypes") is JsonArray types && types.Any(t => t?.ToString() == type);

    /// <summary>The egress (or ingress) rules of every policy that applies to a pod with these labels.</summary>
    private static List<(JsonObject Policy, JsonObject Rule)> RulesFor(
        IEnumerable<JsonObject> policies, IReadOnlyDictionary<string, string> podLabels, string type)
    {
        var key = type == "Egress" ? "egress" : "ingress";
        return policies
            .Where(p => HasType(p, type) && K8s.Selects(Selector(p), podLabels))
            .SelectMany(p => p["spec"]![key].Items().Select(r => (p, r)))
            .ToList();
    }

    private static IEnumerable<string> Ports(JsonObject rule) =>
        rule["ports"].Items().Select(p => $"{p.Str("protocol") ?? "TCP"}/{p.Str("port")}");

    /// <summary>The pod labels of each workload of a backend service (its Deployment and its migration Job).</summary>
    private static List<(string Id, IReadOnlyDictionary<string, string> Labels)> PodsOf(string overlay, string service)
    {
        var pods = Overlays.Objects(overlay).Workloads()
            .Where(w => w.PodLabels().TryGetValue("app.kubernetes.io/name", out var n) && n == service)
            .Select(w => (w.Id(), w.PodLabels()))
            .ToList();
        Assert.NotEmpty(pods);
        return pods;
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Namespace_denies_all_ingress_and_egress_by_default(string overlay)
    {
        var denyAll = Policies(overlay).Where(p =>
            Selector(p).Count == 0 && HasType(p, "Ingress") && HasType(p, "Egress") &&
            !p["spec"]!["ingress"].Items().Any() && !p["spec"]!["egress"].Items().Any());

        Assert.Single(denyAll);
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Every_pod_may_resolve_names_through_kube_dns_and_nothing_more_by_that_rule(string overlay)
    {
        var dns = Policies(overlay).Where(p => Selector(p).Count == 0 && HasType(p, "Egress"))
            .SelectMany(p => p["spec"]!["egress"].Items())
            .Where(r => r["to"].Items().Any(peer =>
                peer.At("podSelector.matchLabels").Labels().TryGetValue("k8s-app", out var app) && app == "kube-dns"))
            .ToList();

        Assert.Single(dns);
        Assert.Equal(new[] { "TCP/53", "UDP/53" }, Ports(dns[0]).Order().ToArray());
        Assert.All(dns[0]["to"].Items(), peer =>
            Assert.Equal("kube-system", peer.At("namespaceSelector.matchLabels").Labels()["kubernetes.io/metadata.name"]));
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Each_service_may_reach_only_RabbitMQ_and_its_own_database(string overlay)
    {
        var policies = Policies(overlay);
        var problems = new List<string>();
        foreach (var service in BackendServices)
        {
            foreach (var (id, labels) in PodsOf(overlay, service))
            {
                var reachesOwnDb = false;
                var reachesBroker = false;
                foreach (var (policy, rule) in RulesFor(policies, labels, "Egress"))
                {
                    var peers = rule["to"].Items().ToList();
                    var ports = Ports(rule).ToHashSet();
                    if (peers.Count == 0)
                    {
                        problems.Add($"{id}: {policy.Id()} allows egress to any destination");
                        continue;
                    }
                    foreach (var peer in peers)
                    {
                        var pods = peer.At("podSelector.matchLabels").Labels();
                        var ns = peer.At("namespaceSelector.matchLabels").Labels();
                        if (peer["ipBlock"] is JsonObject ip)
                        {
                            // Only feedback delivers notifications outside the cluster, and never to private ranges.
                            var except = ip["except"] is JsonArray ex ? ex.Select(e => e!.ToString()).ToHashSet() : [];
                            var privateClosed = new[] { "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16" }.All(except.Contains);
                            if (service != "feedback" || !privateClosed)
                                problems.Add($"{id}: {policy.Id()} allows egress to ipBlock {ip.Str("cidr")}");
                        }
                        else if (ns.Count > 0 || peer["namespaceSelector"] is not null)
                        {
                            var isDns = ns.TryGetValue("kubernetes.io/metadata.name", out var n) && n == "kube-system" &&
                                        pods.TryGetValue("k8s-app", out var a) && a == "kube-dns" &&
                                        ports.All(p => p.EndsWith("/53", StringComparison.Ordinal));
                            if (!isDns)
                                problems.Add($"{id}: {policy.Id()} allows egress to another namespace");
                        }
                        else if (pods.Count == 1 && pods.TryGetValue("cnpg.io/cluster", out var cluster))
                        {
                            if (cluster != $"{service}-db")
                                problems.Add($"{id}: {policy.Id()} allows egress to another service's database {cluster}");
                            else if (ports.SetEquals(["TCP/5432"]))
                                reachesOwnDb = true;
                            else
                                problems.Add($"{id}: {policy.Id()} opens {string.Join(',', ports)} on its database");
                        }
                        else if (pods.Count == 1 && pods.TryGetValue("app.kubernetes.io/name", out var name) && name == "rabbitmq")
                        {
                            if (ports.SetEquals(["TCP/5672"])) reachesBroker = true;
                            else problems.Add($"{id}: {policy.Id()} opens {string.Join(',', ports)} on RabbitMQ");
                        }
                        else
                        {
                            problems.Add($"{id}: {policy.Id()} allows egress to pods {string.Join(',', pods.Select(kv => $"{kv.Key}={kv.Value}"))}");
                        }
                    }
                }
                if (!reachesOwnDb) problems.Add($"{id}: cannot reach its database {service}-db on 5432");
                if (!reachesBroker) problems.Add($"{id}: cannot reach RabbitMQ on 5672");
            }
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Each_database_accepts_clients_only_from_its_own_service(string overlay)
    {
        var policies = Policies(overlay);
        var problems = new List<string>();
        foreach (var service in BackendServices)
        {
            var dbPod = new Dictionary<string, string> { ["cnpg.io/cluster"] = $"{service}-db" };
            var rules = RulesFor(policies, dbPod, "Ingress");
            if (rules.Count == 0) problems.Add($"{service}-db: no ingress rule");
            foreach (var (policy, rule) in rules)
            {
                var peers = rule["from"].Items().ToList();
                if (peers.Count == 0) problems.Add($"{service}-db: {policy.Id()} admits everyone");
                foreach (var peer in peers)
                {
                    var pods = peer.At("podSelector.matchLabels").Labels();
                    var ns = peer.At("namespaceSelector.matchLabels").Labels();
                    var ok =
                        (peer["namespaceSelector"] is null && pods.Count == 1 &&
                         ((pods.TryGetValue("app.kubernetes.io/name", out var n) && n == service) ||
                          (pods.TryGetValue("cnpg.io/cluster", out var c) && c == $"{service}-db"))) ||
                        (ns.TryGetValue("kubernetes.io/metadata.name", out var opns) && opns == "cnpg-system" && pods.Count == 0);
                    if (!ok) problems.Add($"{service}-db: {policy.Id()} admits {peer.ToJsonString()}");
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Only_the_portal_and_the_directory_accept_traffic_from_outside_and_the_rest_only_from_the_portal(string overlay)
    {
        var policies = Policies(overlay);
        var deployments = Overlays.Objects(overlay).OfKind("Deployment").ToList();
        var problems = new List<string>();
        var fromIngress = new HashSet<string>();
        foreach (var d in deployments)
        {
            var rules = RulesFor(policies, d.PodLabels(), "Ingress");
            if (rules.Count == 0) problems.Add($"{d.Id()}: no ingress allowed at all");
            foreach (var (policy, rule) in rules.Where(r => !IsMetricsScrape(r.Rule)))
            {
                var peers = rule["from"].Items().ToList();
                if (peers.Count == 0) problems.Add($"{d.Id()}: {policy.Id()} admits everyone");
                if (!Ports(rule).ToHashSet().SetEquals(["TCP/8080"]))
                    problems.Add($"{d.Id()}: {policy.Id()} opens {string.Join(',', Ports(rule))}");
                foreach (var peer in peers)
                {
                    var ns = peer.At("namespaceSelector.matchLabels").Labels();
                    var pods = peer.At("podSelector.matchLabels").Labels();
                    if (ns.TryGetValue("kubernetes.io/metadata.name", out var n) && n == "ingress-nginx")
                        fromIngress.Add(d.Name());
                    else if (!(peer["namespaceSelector"] is null && pods.TryGetValue("app.kubernetes.io/name", out var p) && p == "portal"))
                        problems.Add($"{d.Id()}: {policy.Id()} admits {peer.ToJsonString()}");
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
        Assert.Equal(new[] { "directory", "portal" }, fromIngress.Order().ToArray());
    }

    /// <summary>Prometheus, from the monitoring namespace, on the metrics port only (the apps answer only /metrics there).</summary>
    private static bool IsMetricsScrape(JsonObject rule) =>
        Ports(rule).SequenceEqual(["TCP/9464"]) && rule["from"].Items().Any() && rule["from"].Items().All(peer =>
            peer["podSelector"] is null
            && peer.At("namespaceSelector.matchLabels").Labels().TryGetValue("kubernetes.io/metadata.name", out var ns) && ns == "monitoring");

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Ingress_exposes_only_the_portal_and_the_public_ORUK_API(string overlay)
    {
        var ingress = Assert.Single(Overlays.Objects(overlay).OfKind("Ingress"));
        Assert.NotEmpty(ingress.At("spec.tls").Items());

        var routes = ingress["spec"]!["rules"].Items()
            .SelectMany(r => r.At("http.paths").Items()
                .Select(p => (Service: p.Str("backend.service.name"), Path: p.Str("path"), Type: p.Str("pathType"))))
            .ToList();

        Assert.Equal(
            new[] { "/", "/organizations", "/service_at_locations", "/services", "/taxonomies", "/taxonomy_terms" },
            routes.Where(r => r.Service == "directory").Select(r => r.Path).Order(StringComparer.Ordinal).ToArray());
        Assert.Contains(routes, r => r is { Service: "directory", Path: "/", Type: "Exact" });
        Assert.Contains(routes, r => r is { Service: "portal", Path: "/" });
        Assert.All(routes, r => Assert.Contains(r.Service, new[] { "directory", "portal" }));
    }
}
