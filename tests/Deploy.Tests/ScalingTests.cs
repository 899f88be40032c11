using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Deploy.Tests;

/// <summary>Autoscaling, disruption budgets, spreading, and the production sizes.</summary>
public class ScalingTests
{
    private static IReadOnlyList<JsonObject> Deployments(string overlay)
    {
        var deployments = Overlays.Objects(overlay).OfKind("Deployment").ToList();
        Assert.Equal(
            new[] { "directory", "feedback", "portal", "referrals" },
            deployments.Select(d => d.Name()).Order().ToArray());
        return deployments;
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Every_deployment_has_a_horizontal_pod_autoscaler_that_owns_its_replica_count(string overlay)
    {
        var hpas = Overlays.Objects(overlay).OfKind("HorizontalPodAutoscaler").ToList();
        var problems = new List<string>();
        foreach (var d in Deployments(overlay))
        {
            var hpa = hpas.SingleOrDefault(h =>
                h.Str("spec.scaleTargetRef.kind") == "Deployment" && h.Str("spec.scaleTargetRef.name") == d.Name());
            if (hpa is null)
            {
                problems.Add($"{d.Id()}: no HorizontalPodAutoscaler");
                continue;
            }
            var min = long.Parse(hpa.Str("spec.minReplicas") ?? "1");
            var max = long.Parse(hpa.Str("spec.maxReplicas") ?? "0");
            if (min < 1 || max < min)
                problems.Add($"{hpa.Id()}: bad range {min}-{max}");
            if (!hpa["spec"]!["metrics"].Items().Any())
                problems.Add($"{hpa.Id()}: no metrics");
            // A replicas field would be reset by every `kubectl apply`, fighting the autoscaler.
            if (d.At("spec.replicas") is not null)
                problems.Add($"{d.Id()}: sets spec.replicas although an HPA scales it");
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Every_deployment_has_a_pod_disruption_budget_selecting_its_pods(string overlay)
    {
        var pdbs = Overlays.Objects(overlay).OfKind("PodDisruptionBudget").ToList();
        var problems = new List<string>();
        foreach (var d in Deployments(overlay))
        {
            var labels = d.PodLabels();
            var matching = pdbs.Where(p =>
            {
                var selector = p.At("spec.selector.matchLabels").Labels();
                return selector.Count > 0 && K8s.Selects(selector, labels);
            }).ToList();
            if (matching.Count != 1)
                problems.Add($"{d.Id()}: {matching.Count} PodDisruptionBudgets select its pods (want 1)");
            else if (matching[0].At("spec.minAvailable") is null && matching[0].At("spec.maxUnavailable") is null)
                problems.Add($"{matching[0].Id()}: neither minAvailable nor maxUnavailable");
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Every_deployment_spreads_its_pods_over_nodes_and_zones(string overlay)
    {
        var problems = new List<string>();
        foreach (var d in Deployments(overlay))
        {
            var labels = d.PodLabels();
            var constraints = d.PodSpec()["topologySpreadConstraints"].Items().ToList();
            foreach (var key in new[] { "kubernetes.io/hostname", "topology.kubernetes.io/zone" })
            {
                var c = constraints.FirstOrDefault(x => x.Str("topologyKey") == key);
                if (c is null)
                {
                    problems.Add($"{d.Id()}: no topologySpreadConstraint on {key}");
                    continue;
                }
                var selector = c.At("labelSelector.matchLabels").Labels();
                if (selector.Count == 0 || !K8s.Selects(selector, labels))
                    problems.Add($"{d.Id()}: the {key} constraint does not select the deployment's own pods");
            }
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Every_deployment_has_a_service_on_its_http_port(string overlay)
    {
        var services = Overlays.Objects(overlay).OfKind("Service").ToList();
        var problems = new List<string>();
        foreach (var d in Deployments(overlay))
        {
            var svc = services.SingleOrDefault(s => s.Name() == d.Name());
            if (svc is null || !K8s.Selects(svc.At("spec.selector").Labels(), d.PodLabels()) ||
                svc.At("spec.selector").Labels().Count == 0)
                problems.Add($"{d.Id()}: no Service named after it selecting its pods");
            else if (!svc["spec"]!["ports"].Items().Any(p => p.Str("targetPort") is "http" or "8080"))
                problems.Add($"{svc.Id()}: does not target port http/8080");
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void Production_runs_at_least_three_of_everything_on_a_pinned_release_tag()
    {
        var objects = Overlays.Objects("production");

        foreach (var hpa in objects.OfKind("HorizontalPodAutoscaler"))
            Assert.True(long.Parse(hpa.Str("spec.minReplicas")!) >= 3, $"{hpa.Id()} minReplicas < 3");
        foreach (var pg in objects.OfKind("Cluster"))
            Assert.Equal("3", pg.Str("spec.instances"));
        Assert.Equal("3", objects.OfKind("RabbitmqCluster").Single().Str("spec.replicas"));

        foreach (var w in objects.Workloads())
        foreach (var c in w.PodSpec().AllContainers())
            Assert.Matches(new Regex(@":\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$"), c.Str("image"));
    }

    [Fact]
    public void Production_backs_up_every_database_continuously()
    {
        var objects = Overlays.Objects("production");
        var clusters = objects.OfKind("Cluster").ToList();
        var scheduled = objects.OfKind("ScheduledBackup").ToList();
        var stores = objects.OfKind("ObjectStore").Select(o => o.Name()).ToHashSet();

        Assert.Equal(3, clusters.Count);
        foreach (var c in clusters)
        {
            var archiver = c.At("spec.plugins").Items().SingleOrDefault(p => p.Str("isWALArchiver") == "true");
            Assert.True(archiver is not null, $"{c.Id()} archives no WAL");
            Assert.Contains(archiver!.Str("parameters.barmanObjectName") ?? "", stores);
            Assert.Contains(scheduled, s => s.Str("spec.cluster.name") == c.Name());
        }
    }
}
