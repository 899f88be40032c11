using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TestSupport;

/// <summary>
/// One service running as its own OS process from its build output, as in the distributed deployment, so a test
/// can SIGKILL it mid-flight and start it again on the same port, database and queues.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly string _service;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly StringBuilder _output = new();
    private Process? _process;

    public ServiceProcess(string service, IReadOnlyDictionary<string, string> environment)
    {
        _service = service;
        Port = FreePort();
        _environment = environment;
    }

    public int Port { get; }
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");
    public string Output { get { lock (_output) return _output.ToString(); } }

    public static Dictionary<string, string> DistributedEnvironment(string databaseConnection, string virtualHost) => new()
    {
        ["Database__Provider"] = "Postgres",
        ["ConnectionStrings__Database"] = databaseConnection,
        ["Bus__Transport"] = "RabbitMq",
        ["Bus__RabbitMq__Host"] = "127.0.0.1",
        ["Bus__RabbitMq__VirtualHost"] = virtualHost,
        ["Auth__SigningKey"] = TestTokens.SigningKey,
        ["Logging__LogLevel__Default"] = "Warning",
        // Tests call from one address far faster than a person: only a test about throttling sets a low limit.
        ["RateLimit__Search__PermitLimit"] = "1000000",
        ["RateLimit__Submissions__PermitLimit"] = "1000000",
    };

    public async Task Start(IReadOnlyDictionary<string, string>? overrides = null)
    {
        var dll = Path.Combine(Servers.RepoRoot, "services", _service, "bin", BuildConfiguration, "net10.0", $"{_service}Service.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException("Build the solution first", dll);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(dll);
        start.Environment["Urls"] = BaseAddress.ToString();
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // Without tiered PGO: a test's process lives for seconds to minutes, too short for the instrumented tier's
        // profile to pay for itself. Measured on the end-to-end tests sharing one system: 46 s of CPU against 62 s
        // (means of four and five runs; docs/CI.md). Production keeps the runtime's default.
        start.Environment["DOTNET_TieredPGO"] = "0";
        foreach (var (key, value) in _environment) start.Environment[key] = value;
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>()) start.Environment[key] = value;

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.Until(async () =>
        {
            if (_process.HasExited)
            {
                _process.WaitForExit(); // the output it wrote before exiting is read to the end first
                throw new InvalidOperationException($"{_service} exited {_process.ExitCode}:\n{Output}");
            }
            try { return (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK; }
            catch (HttpRequestException) { return false; }
            catch (TaskCanceledException) { return false; }
        }, TimeSpan.FromSeconds(180), $"{_service} to report ready\n{Output}");
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, exactly like a crash or an OOM kill.</summary>
    public async Task Kill()
    {
        if (_process is null || _process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public HttpClient Client(string? token = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        return token is null ? client : client.As(token);
    }

    public async ValueTask DisposeAsync()
    {
        await Kill();
        _process?.Dispose();
    }

    private static string BuildConfiguration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
