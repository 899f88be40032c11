namespace Deploy.Tests;

public class RenderingTests
{
    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Overlay_renders_with_kubectl_kustomize(string overlay)
    {
        var result = Overlays.Render(overlay);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.NotEmpty(Overlays.Objects(overlay));
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Rendered_manifests_validate_against_the_Kubernetes_schemas(string overlay)
    {
        var rendered = Overlays.Render(overlay);
        Assert.True(rendered.ExitCode == 0, rendered.ToString());

        var result = Validator.Validate(rendered.Stdout);

        Assert.True(result.ExitCode == 0, result.ToString());
        // One line per object, then the summary.
        var objectLines = result.Stdout.Split('\n').Count(l => l.StartsWith("ok ", StringComparison.Ordinal));
        Assert.Equal(Overlays.Objects(overlay).Count, objectLines);
    }

    [Fact]
    public void Schema_validator_rejects_an_invalid_object()
    {
        const string broken = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: broken
            spec:
              template:
                spec:
                  containers:
                    - name: app
                      image: example/app:1
                      ports:
                        - containerPort: "http"
            """;

        var result = Validator.Validate(broken);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("INVALID apps/v1 Deployment broken", result.Stdout);
    }

    [Fact]
    public void Schema_validator_rejects_an_unknown_kind_and_a_malformed_custom_resource()
    {
        const string yaml = """
            apiVersion: apps/v1
            kind: Deploymnet
            metadata:
              name: typo
            ---
            apiVersion: postgresql.cnpg.io/v1
            kind: Cluster
            metadata:
              name: db
            spec:
              instances: "three"
              storage:
                size: 1Gi
            """;

        var result = Validator.Validate(yaml);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("INVALID apps/v1 Deploymnet typo", result.Stdout);
        Assert.Contains("INVALID postgresql.cnpg.io/v1 Cluster db", result.Stdout);
    }
}
