using System.Text.Json.Nodes;

namespace Deploy.Tests;

/// <summary>Operators for PostgreSQL and RabbitMQ, migrations as Jobs, and no secrets in the repository.</summary>
public class DataAndReleaseTests
{
    private static readonly string[] BackendServices = ["directory", "referrals", "feedback"];

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Migrations_run_once_per_release_as_a_job_per_service_with_the_release_image(string overlay)
    {
        var objects = Overlays.Objects(overlay);
        var jobs = objects.OfKind("Job").ToList();
        foreach (var service in BackendServices)
        {
            var job = jobs.SingleOrDefault(j => j.PodLabels().TryGetValue("app.kubernetes.io/name", out var n) && n == service);
            Assert.True(job is not null, $"no migration Job for {service}");
            var container = Assert.Single(job!.PodSpec()["containers"].Items());
            Assert.Contains("--migrate", container["args"]!.AsArray().Select(a => a!.ToString()));
            Assert.Equal("Never", job.PodSpec().Str("restartPolicy"));

            var deployment = objects.OfKind("Deployment").Single(d => d.Name() == service);
            var app = deployment.PodSpec()["containers"].Items().Single();
            Assert.Equal(app.Str("image"), container.Str("image"));
            // The Job must not be picked up by the Service or the disruption budget of the Deployment.
            Assert.NotEqual(job.PodLabels().GetValueOrDefault("app.kubernetes.io/component"),
                deployment.PodLabels().GetValueOrDefault("app.kubernetes.io/component"));
        }
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Replicas_never_migrate_at_start(string overlay)
    {
        foreach (var d in Overlays.Objects(overlay).OfKind("Deployment"))
        foreach (var c in d.PodSpec().AllContainers())
        {
            var argv = (c["args"] as JsonArray ?? []).Concat(c["command"] as JsonArray ?? []).Select(a => a?.ToString());
            Assert.DoesNotContain("--migrate", argv);
        }
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Each_service_has_its_own_PostgreSQL_cluster_database_and_role(string overlay)
    {
        var objects = Overlays.Objects(overlay);
        var clusters = objects.OfKind("Cluster").Where(c => c.Str("apiVersion")!.StartsWith("postgresql.cnpg.io/")).ToList();
        Assert.Equal(BackendServices.Length, clusters.Count);
        foreach (var service in BackendServices)
        {
            var cluster = clusters.Single(c => c.Name() == $"{service}-db");
            Assert.Equal(service, cluster.Str("spec.bootstrap.initdb.database"));
            Assert.Equal(service, cluster.Str("spec.bootstrap.initdb.owner"));
            Assert.Equal($"{service}-db-credentials", cluster.Str("spec.bootstrap.initdb.secret.name"));
            Assert.Equal("false", cluster.Str("spec.enableSuperuserAccess"));

            // The service connects to that cluster, that database, as that role.
            var env = objects.OfKind("Deployment").Single(d => d.Name() == service)
                .PodSpec()["containers"].Items().Single()["env"].Items().ToList();
            var cs = env.Single(e => e.Str("name") == "ConnectionStrings__Database").Str("value")!;
            Assert.Contains($"Host={service}-db-rw;", cs);
            Assert.Contains($"Database={service};", cs);
            Assert.Contains($"Username={service};", cs);
            Assert.Equal($"{service}-db-credentials",
                env.Single(e => e.Str("name") == "DATABASE_PASSWORD").Str("valueFrom.secretKeyRef.name"));
        }
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void RabbitMQ_comes_from_the_cluster_operator_with_quorum_queues_by_default(string overlay)
    {
        var objects = Overlays.Objects(overlay);
        var rabbit = Assert.Single(objects.OfKind("RabbitmqCluster"));
        Assert.Contains("default_queue_type = quorum", rabbit.Str("spec.rabbitmq.additionalConfig"));
        var vhost = Assert.Single(objects.OfKind("Vhost"));
        Assert.Equal("quorum", vhost.Str("spec.defaultQueueType"));

        var config = objects.OfKind("ConfigMap").Single(c => c.Name().StartsWith("app-config", StringComparison.Ordinal));
        Assert.Equal(vhost.Str("spec.name"), config.Str("data.Bus__RabbitMq__VirtualHost"));
        Assert.Equal(rabbit.Name(), config.Str("data.Bus__RabbitMq__Host"));
        Assert.Equal("RabbitMq", config.Str("data.Bus__Transport"));
        Assert.Equal("Postgres", config.Str("data.Database__Provider"));

        foreach (var service in BackendServices)
        {
            var user = objects.OfKind("User").Single(u => u.Name() == service);
            Assert.Equal($"{service}-rabbitmq-credentials", user.Str("spec.importCredentialsSecret.name"));
        }
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Rendered_manifests_contain_no_secret_values(string overlay)
    {
        var objects = Overlays.Objects(overlay);
        Assert.DoesNotContain(objects, o => o.Kind() == "Secret");
        foreach (var w in objects.Workloads())
        foreach (var c in w.PodSpec().AllContainers())
        foreach (var e in c["env"].Items())
        {
            var name = e.Str("name")!;
            if (name.Contains("Password", StringComparison.OrdinalIgnoreCase) ||
                name.Contains("SigningKey", StringComparison.OrdinalIgnoreCase))
                Assert.True(e.At("valueFrom.secretKeyRef") is not null, $"{w.Id()}: {name} is not read from a Secret");
        }
    }

    [Fact]
    public void Repository_holds_no_Secret_with_data_and_no_secret_generator()
    {
        var root = Repo.Path("deploy");
        var files = Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}node_modules{Path.DirectorySeparatorChar}"))
            .ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            foreach (var doc in Yaml.ParseFile(file))
            {
                Assert.False(doc.Kind() == "Secret" && (doc["data"] is not null || doc["stringData"] is not null),
                    $"{file}: Secret {doc.Name()} carries data");
                Assert.False(doc.Kind() == "Kustomization" && doc["secretGenerator"] is not null,
                    $"{file}: generates a Secret");
            }
        }
    }
}
