using System.Text.Json;
using EmbeddedHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Api;
using Portal.Identity;

namespace Portal.Tests;

/// <summary>
/// The embedded default (APIs + portal) in this process on free ports, SQLite in a temp folder, demo data and
/// demo users; and Debian's chromium headless shell driven by Playwright (its own browser download cannot work here).
/// </summary>
public class PortalSystem : IAsyncLifetime
{
    public const string Password = global::Portal.Identity.DemoUsers.Password;
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "portal-tests-" + Guid.NewGuid().ToString("N"));
    // Chromium's headless shell: on the same journeys it used 0.61 of the full browser's CPU (60 s against 99 s), and
    // the browser is most of this suite's CPU. PORTAL_TESTS_CHROMIUM=/usr/bin/chromium runs the full browser instead.
    private static readonly string Chromium = Environment.GetEnvironmentVariable("PORTAL_TESTS_CHROMIUM") ?? "/usr/lib/chromium/chromium-headless-shell";
    private const float ActionTimeoutMs = 60_000;
    private const string SigningKey = "portal-browser-tests-signing-key-0123456789abcdef";
    private EmbeddedSystem? _system;
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;
    /// <summary>Every account mail the portal sent (invitations, decisions), in place of the real mailer.</summary>
    public CapturedAccountMail Mail { get; } = new();
    public string BaseUrl => _system!.PortalUrl;
    public string ApiUrl => _system!.ApiUrl;

    public async Task InitializeAsync()
    {
        if (UsesBrowser && !File.Exists(Chromium))
            throw new InvalidOperationException(
                $"{Chromium} is missing: install Debian's chromium-headless-shell (WITH_BROWSER=1 deploy/local/infra.sh, or apt-get install -y chromium-headless-shell).");
        Directory.CreateDirectory(_dataFolder);
        _system = await EmbeddedSystem.StartAsync(Arguments(_dataFolder,
            ["--RateLimit:Search:PermitLimit=1000000", "--RateLimit:Submissions:PermitLimit=1000000", .. await BeforeStartAsync()]),
            portalServices: services =>
            {
                services.AddTransient(sp => Mail.PassingOnTo(sp.GetRequiredService<AccountMessagesClient>()));
                AddPortalServices(services);
            },
            apiServices: AddApiServices);
        await AfterStartAsync();
        if (!UsesBrowser) return;
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A variant of the system starts what it needs first and returns the settings that point the portal at it.</summary>
    protected virtual Task<string[]> BeforeStartAsync() => Task.FromResult(Array.Empty<string>());

    /// <summary>Runs once the portal listens (its URL is known).</summary>
    protected virtual Task AfterStartAsync() => Task.CompletedTask;

    /// <summary>A variant adds to the portal's services (after the portal's own and the captured mail).</summary>
    protected virtual void AddPortalServices(IServiceCollection services) { }

    /// <summary>A variant adds to or replaces the APIs' services (after theirs): an error recorder, a clock it moves on.</summary>
    protected virtual void AddApiServices(IServiceCollection services) { }

    /// <summary>False for a variant driven by plain HTTP only: no Chromium is started.</summary>
    protected virtual bool UsesBrowser => true;

    protected virtual ValueTask StopMoreAsync() => ValueTask.CompletedTask;

    /// <summary>The embedded default on free loopback ports with SQLite in <paramref name="dataFolder"/> and the demo data.</summary>
    public static string[] Arguments(string dataFolder, params string[] more) =>
    [
        "--Embedded:ApiUrl=http://127.0.0.1:0", "--Embedded:PortalUrl=http://127.0.0.1:0",
        "--Database:Provider=Sqlite", $"--Database:DataFolder={dataFolder}", "--Database:MigrateOnStart=true",
        "--Bus:Transport=InMemory", "--Demo:Seed=true", "--Outbox:DispatchEnabled=true", "--Feedback:MailDrop:Enabled=true", "--Feedback:LetterDrop:Enabled=true", "--Feedback:TextDrop:Enabled=true",
        "--Feedback:Delivery:PollInterval=00:00:00.100",
        $"--Auth:SigningKey={SigningKey}",
        "--Logging:LogLevel:Default=Warning",
        .. more,
    ];

    /// <summary>The portal's own services (its sign-in store), for arranging accounts a test needs.</summary>
    public IServiceProvider PortalServices => _system!.Portal.Services;

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        if (_system is not null) await _system.DisposeAsync();
        await StopMoreAsync();
        try { Directory.Delete(_dataFolder, recursive: true); } catch (IOException) { /* SQLite may still hold a file briefly */ }
    }

    /// <summary>A bearer token the services accept, for arranging data through their APIs.</summary>
    public string TokenFor(string role, Guid? organisationId = null) =>
        new BuildingBlocks.Auth.TokenIssuer(new BuildingBlocks.Auth.AuthSettings { SigningKey = SigningKey }, TimeProvider.System)
            .Issue("portal-tests-" + role, "Portal tests " + role, role, organisationId);

    /// <param name="javaScript">false to prove a journey works without JavaScript (every page must).</param>
    public async Task<IPage> NewPageAsync(int width = 1024, int height = 768, bool javaScript = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl, ViewportSize = new ViewportSize { Width = width, Height = height }, JavaScriptEnabled = javaScript,
        });
        // Every click, fill and page load waits this long for its element or response: Playwright's 30 s default is
        // too short on a loaded two-core CI machine running the whole suite.
        context.SetDefaultTimeout(ActionTimeoutMs);
        return await context.NewPageAsync();
    }

    public async Task<IPage> SignInAsync(string email, int width = 1024, int height = 768, bool javaScript = true,
        string password = Password)
    {
        var page = await NewPageAsync(width, height, javaScript);
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        return page;
    }
}

[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<PortalSystem>
{
    public const string Name = "portal";
}
