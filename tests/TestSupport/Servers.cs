using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Npgsql;

namespace TestSupport;

/// <summary>
/// The real PostgreSQL and RabbitMQ the integration tests run against. The first use in a test process runs
/// deploy/local/infra.sh, which installs and starts them where needed; each test class then gets its own
/// database and virtual host, so no test sees another's data or queues.
/// </summary>
public static class Servers
{
    public const string PostgresAdmin = "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database=postgres;Pooling=false";
    public static string RepoRoot { get; } = FindRepoRoot();

    private static readonly Lazy<Task> Started = new(() => Run(Path.Combine(RepoRoot, "deploy/local/infra.sh")));

    public static Task EnsureStarted() => Started.Value;

    public static async Task<string> CreateDatabase(string prefix)
    {
        await EnsureStarted();
        var name = $"{prefix}_{Guid.NewGuid():N}"[..40].ToLowerInvariant();
        await using var connection = new NpgsqlConnection(PostgresAdmin);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
        return $"Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database={name};Maximum Pool Size=20";
    }

    public static async Task DropDatabase(string connectionString)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(PostgresAdmin);
        await connection.OpenAsync();
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    public static async Task<string> CreateVirtualHost(string prefix)
    {
        await EnsureStarted();
        var vhost = $"{prefix}-{Guid.NewGuid():N}";
        if (await ManagementApiAnswers())
        {
            await Management(HttpMethod.Put, $"vhosts/{Uri.EscapeDataString(vhost)}");
            await Management(HttpMethod.Put, $"permissions/{Uri.EscapeDataString(vhost)}/guest", new { configure = ".*", write = ".*", read = ".*" });
        }
        else
        {
            await Run("rabbitmqctl", "-q", "add_vhost", vhost);
            await Run("rabbitmqctl", "-q", "set_permissions", "-p", vhost, "guest", ".*", ".*", ".*");
        }
        return vhost;
    }

    public static async Task DeleteVirtualHost(string vhost)
    {
        if (await ManagementApiAnswers()) await Management(HttpMethod.Delete, $"vhosts/{Uri.EscapeDataString(vhost)}");
        else await Run("rabbitmqctl", "-q", "delete_vhost", vhost);
    }

    // The management plugin's HTTP API (deploy/local/infra.sh enables it) makes and removes a virtual host for a
    // request's cost; each rabbitmqctl call boots an Erlang VM (measured: 0.8 s of CPU), three per test class. Where
    // the plugin is off (a broker started by other means) rabbitmqctl still does it.
    private static readonly HttpClient ManagementApi = new()
    {
        BaseAddress = new Uri("http://127.0.0.1:15672/api/"),
        Timeout = TimeSpan.FromSeconds(30),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes("guest:guest"))) },
    };

    private static readonly Lazy<Task<bool>> ManagementApiAnswering = new(async () =>
    {
        try
        {
            using var response = await ManagementApi.GetAsync("overview");
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException) { return false; }
        catch (TaskCanceledException) { return false; }
    });

    private static Task<bool> ManagementApiAnswers() => ManagementApiAnswering.Value;

    private static async Task Management(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await ManagementApi.SendAsync(request);
        // A vhost already gone is what deleting it wanted.
        if (response.IsSuccessStatusCode || (method == HttpMethod.Delete && response.StatusCode == HttpStatusCode.NotFound)) return;
        throw new InvalidOperationException($"RabbitMQ management API {method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public static async Task<string> Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {await error}");
        return await output;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Directory.sln"))) return dir.FullName;
        throw new InvalidOperationException("Directory.sln not found above " + AppContext.BaseDirectory);
    }
}
