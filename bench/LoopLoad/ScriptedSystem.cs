using System.Diagnostics;

namespace LoopLoad;

/// <summary>
/// The services as deploy/local/run-distributed.sh starts them (ports 5101-5103, databases community_*, the default
/// RabbitMQ node and virtual host), started by the bench or already running (<c>--attach</c>, with the key the script
/// was given in AUTH_SIGNING_KEY). A script the bench started runs in its own process group and is stopped with it.
/// </summary>
public sealed class ScriptedSystem : ILoopSystem
{
    private static readonly Dictionary<string, int> Ports = new() { ["Directory"] = 5101, ["Referrals"] = 5102, ["Feedback"] = 5103 };
    private readonly Process? _script;

    private ScriptedSystem(string signingKey, Process? script)
    {
        SigningKey = signingKey;
        _script = script;
    }

    public string SigningKey { get; }
    public RabbitNode Rabbit { get; } = new("127.0.0.1", 5672, "/", null);
    public Uri Address(string service) => new($"http://127.0.0.1:{Ports[service]}");

    public string Database(string service) =>
        $"Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database=community_{service.ToLowerInvariant()};Maximum Pool Size=4";

    public static async Task<ScriptedSystem> Attach(string signingKey)
    {
        var system = new ScriptedSystem(signingKey, null);
        await system.AwaitReady(TimeSpan.FromSeconds(10), null);
        return system;
    }

    /// <summary>Runs the script (which builds the solution first, so allow minutes) and waits until every service is ready.</summary>
    public static async Task<ScriptedSystem> Start(string root, string signingKey, string log)
    {
        if (Ports.Values.FirstOrDefault(Shell.Listening) is var busy and > 0)
            throw new InvalidOperationException($"Port {busy} is in use: another run-distributed.sh is running (stop it, or use --attach with its key).");
        var start = new ProcessStartInfo("setsid") { WorkingDirectory = root, RedirectStandardOutput = false };
        // The script's own output goes to a file; setsid gives it (and every service it starts) a process group of its own.
        start.ArgumentList.Add("bash");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"exec deploy/local/run-distributed.sh > '{log}' 2>&1");
        start.Environment["AUTH_SIGNING_KEY"] = signingKey;
        var script = Process.Start(start)!;
        var system = new ScriptedSystem(signingKey, script);
        try
        {
            await system.AwaitReady(TimeSpan.FromMinutes(20), log);
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
        return system;
    }

    private async Task AwaitReady(TimeSpan timeout, string? log)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_script is { HasExited: true })
                throw new InvalidOperationException($"run-distributed.sh exited {_script.ExitCode}; see {log}");
            var ready = await Task.WhenAll(ILoopSystem.Services.Select(s => Shell.Ready(http, Address(s))));
            if (ready.All(r => r)) return;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"the services were not ready within {timeout}" + (log is null ? "" : $"; see {log}"));
            await Task.Delay(1000);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_script is null || _script.HasExited) return;
        // The script's trap stops the services on TERM; the group signal reaches any that would linger.
        await Signal("TERM");
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try { await _script.WaitForExitAsync(wait.Token); }
        catch (OperationCanceledException) { }
        await Signal("KILL");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (Ports.Values.Any(Shell.Listening) && DateTime.UtcNow < deadline) await Task.Delay(250);
        _script.Dispose();
    }

    private async Task Signal(string signal)
    {
        try { await Shell.Run("kill", [$"-{signal}", "--", $"-{_script!.Id}"]); }
        catch (InvalidOperationException) { } // the group has already gone
    }
}
