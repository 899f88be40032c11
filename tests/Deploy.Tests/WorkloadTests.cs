using System.Text.Json.Nodes;

namespace Deploy.Tests;

/// <summary>Hardening, resources and probes on every workload (Deployment, Job, StatefulSet, ...).</summary>
public class WorkloadTests
{
    private static IReadOnlyList<JsonObject> Workloads(string overlay)
    {
        var workloads = Overlays.Objects(overlay).Workloads().ToList();
        Assert.NotEmpty(workloads);
        return workloads;
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Every_workload_runs_as_non_root_without_privilege_escalation_and_with_all_capabilities_dropped(string overlay)
    {
        var problems = new List<string>();
        foreach (var w in Workloads(overlay))
        {
            var pod = w.PodSpec();
            var podNonRoot = pod.Str("securityContext.runAsNonRoot") == "true";
            if (pod.Str("securityContext.seccompProfile.type") != "RuntimeDefault")
                problems.Add($"{w.Id()}: pod seccompProfile is not RuntimeDefault");
            if (pod.Str("automountServiceAccountToken") != "false")
                problems.Add($"{w.Id()}: mounts a service account token");

            foreach (var c in pod.AllContainers())
            {
                var id = $"{w.Id()} container {c.Str("name")}";
                var sc = c["securityContext"];
                var nonRoot = sc.Str("runAsNonRoot");
                if (!(nonRoot == "true" || (nonRoot is null && podNonRoot)))
                    problems.Add($"{id}: runAsNonRoot is not true");
                if (sc.Str("readOnlyRootFilesystem") != "true")
                    problems.Add($"{id}: readOnlyRootFilesystem is not true");
                if (sc.Str("allowPrivilegeEscalation") != "false")
                    problems.Add($"{id}: allowPrivilegeEscalation is not false");
                if (sc.Str("privileged") == "true")
                    problems.Add($"{id}: is privileged");
                var drop = sc.At("capabilities.drop") as JsonArray;
                if (drop is null || !drop.Any(d => d?.ToString() == "ALL"))
                    problems.Add($"{id}: capabilities.drop does not contain ALL");
                if (sc.At("capabilities.add") is JsonArray { Count: > 0 })
                    problems.Add($"{id}: adds capabilities");
            }
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Every_container_mounts_a_writable_emptyDir_at_tmp(string overlay)
    {
        var problems = new List<string>();
        foreach (var w in Workloads(overlay))
        {
            var pod = w.PodSpec();
            var emptyDirs = pod["volumes"].Items()
                .Where(v => v["emptyDir"] is not null)
                .Select(v => v.Str("name"))
                .ToHashSet();
            foreach (var c in pod.AllContainers())
            {
                var tmp = c["volumeMounts"].Items().FirstOrDefault(m => m.Str("mountPath") == "/tmp");
                if (tmp is null || !emptyDirs.Contains(tmp.Str("name")) || tmp.Str("readOnly") == "true")
                    problems.Add($"{w.Id()} container {c.Str("name")}: no writable emptyDir at /tmp");
            }
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Every_container_has_cpu_and_memory_requests_and_limits(string overlay)
    {
        var problems = new List<string>();
        foreach (var w in Workloads(overlay))
        {
            foreach (var c in w.PodSpec().AllContainers())
            {
                foreach (var path in new[] { "requests.cpu", "requests.memory", "limits.cpu", "limits.memory" })
                {
                    if (string.IsNullOrEmpty(c["resources"].Str(path)))
                        problems.Add($"{w.Id()} container {c.Str("name")}: no resources.{path}");
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Every_deployment_container_has_startup_readiness_and_liveness_probes_on_the_health_endpoints(string overlay)
    {
        var problems = new List<string>();
        var expected = new Dictionary<string, string>
        {
            ["startupProbe"] = "/health/live",
            ["livenessProbe"] = "/health/live",
            ["readinessProbe"] = "/health/ready",
        };
        var deployments = Overlays.Objects(overlay).OfKind("Deployment").ToList();
        Assert.NotEmpty(deployments);
        foreach (var d in deployments)
        {
            foreach (var c in d.PodSpec()["containers"].Items())
            {
                var ports = c["ports"].Items().SelectMany(p => new[] { p.Str("name"), p.Str("containerPort") }).ToHashSet();
                foreach (var (probe, path) in expected)
                {
                    var get = c.At($"{probe}.httpGet");
                    if (get is null)
                        problems.Add($"{d.Id()} container {c.Str("name")}: no {probe} httpGet");
                    else if (get.Str("path") != path)
                        problems.Add($"{d.Id()} container {c.Str("name")}: {probe} checks {get.Str("path")}, not {path}");
                    else if (!ports.Contains(get.Str("port")))
                        problems.Add($"{d.Id()} container {c.Str("name")}: {probe} port {get.Str("port")} is not a container port");
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Every_image_is_a_service_image_with_an_explicit_tag_other_than_latest(string overlay)
    {
        var allowed = new[] { "directory", "referrals", "feedback", "portal" }
            .Select(s => $"community-directory/{s}").ToHashSet();
        var problems = new List<string>();
        foreach (var w in Workloads(overlay))
        {
            foreach (var c in w.PodSpec().AllContainers())
            {
                var image = c.Str("image") ?? "";
                var colon = image.LastIndexOf(':');
                var repo = colon > 0 ? image[..colon] : image;
                var tag = colon > 0 ? image[(colon + 1)..] : "";
                if (!allowed.Any(a => repo == a || repo.EndsWith("/" + a, StringComparison.Ordinal)))
                    problems.Add($"{w.Id()}: unexpected image {image}");
                if (tag is "" or "latest")
                    problems.Add($"{w.Id()}: image {image} has no explicit tag");
            }
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }
}
