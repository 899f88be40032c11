namespace Deploy.Tests;

/// <summary>What the deployments must configure so that access holds: no demo secrets, trusted proxies only.</summary>
public class AccessConfigurationTests
{
    private const string DemoSigningKey = "embedded-demo-signing-key-never-use-in-production-0123456789";

    [Fact]
    public void The_demo_signing_key_is_configured_only_for_Development_and_the_embedded_demo()
    {
        var configured = new[] { "services", "deploy" }
            .SelectMany(folder => Directory.EnumerateFiles(Repo.Path(folder), "*", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")
                        && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                        && !f.Contains($"{Path.DirectorySeparatorChar}node_modules{Path.DirectorySeparatorChar}"))
            .Where(f => f.EndsWith(".json", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal)
                        || f.EndsWith(".sh", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f).Contains(DemoSigningKey, StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Repo.Root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .ToList();

        Assert.NotEmpty(configured);
        Assert.All(configured, file => Assert.True(
            file.EndsWith("/appsettings.Development.json", StringComparison.Ordinal) || file == "services/Host/appsettings.json",
            $"{file} configures the published demo key outside Development and the embedded demo"));
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void The_apps_trust_forwarded_headers_from_the_cluster_networks_only(string overlay)
    {
        foreach (var name in new[] { "app-config", "portal-config" })
        {
            var config = Overlays.Objects(overlay).OfKind("ConfigMap").Single(c => c.Name().StartsWith(name, StringComparison.Ordinal));
            var networks = config.Str("data.ForwardedHeaders__KnownNetworks")!.Split(',');

            Assert.NotEmpty(networks);
            Assert.All(networks, cidr => Assert.True(
                cidr.StartsWith("10.", StringComparison.Ordinal) || cidr.StartsWith("172.", StringComparison.Ordinal)
                || cidr.StartsWith("192.168.", StringComparison.Ordinal), $"{name}: {cidr} is not a private range"));
        }
    }
}
