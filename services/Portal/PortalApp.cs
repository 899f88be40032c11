using System.Text;
using BuildingBlocks.Auth;
using BuildingBlocks.Hosting;
using BuildingBlocks.Persistence;
using BuildingBlocks.Validation;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.FileProviders;
using Portal.Api;
using Portal.Identity;
using Portal.Localisation;

namespace Portal;

/// <summary>Builds the portal: on its own (<c>dotnet run --project services/Portal</c>) or beside the APIs in services/Host.</summary>
public static class PortalApp
{
    /// <param name="overrideServices">Runs after the portal's own registrations: tests replace a port (the account mailer) here.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null,
        Action<IServiceCollection>? overrideServices = null)
    {
        // ApplicationName makes Razor find the pages compiled into this assembly when another project hosts it.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args, ApplicationName = typeof(PortalApp).Assembly.GetName().Name,
        });
        configure?.Invoke(builder);
        DemoSecrets.RefuseDemoSigningKey(builder);
        if (builder.Configuration.GetValue("Demo:Seed", false) && !DemoSecrets.Allowed(builder))
            throw new InvalidOperationException(
                $"Demo:Seed is refused in the '{builder.Environment.EnvironmentName}' environment: it creates the demo accounts " +
                "(admin included) with the password published in the README. Remove Demo__Seed, or run in Development.");
        builder.Services.AddPortal(builder.Configuration);
        overrideServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.UsePortal();
        return app;
    }

    public static IServiceCollection AddPortal(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        ValidationMessages.UseIsoDates();
        services.AddServiceTelemetry(configuration, "Portal");
        services.AddTrustedProxies(configuration);
        services.AddClientRateLimits(configuration);
        var auth = configuration.GetSection(AuthSettings.Section).Get<AuthSettings>() ?? new AuthSettings();
        if (Encoding.UTF8.GetByteCount(auth.SigningKey) < 32)
            throw new InvalidOperationException("Auth:SigningKey must be set to at least 32 bytes (the services' key).");
        services.AddSingleton(auth);
        services.AddSingleton<TokenIssuer>();

        var connectionString = DatabaseSetup.ConnectionString(configuration, "Portal");
        if (DatabaseSetup.Provider(configuration) == DatabaseProvider.Postgres)
            services.AddDbContext<PortalDb, PostgresPortalDb>(options => DatabaseSetup.UsePostgres(options, connectionString));
        else
            services.AddDbContext<PortalDb, SqlitePortalDb>(options => DatabaseSetup.UseSqlite(options, connectionString));
        services.AddIdentity<PortalUser, IdentityRole>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.SignIn.RequireConfirmedEmail = true;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = AccountRules.MaxFailedSignIns;
                options.Lockout.DefaultLockoutTimeSpan = AccountRules.LockoutTime;
                options.Password.RequiredLength = AccountRules.MinimumPasswordLength;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
            })
            .AddEntityFrameworkStores<PortalDb>()
            .AddClaimsPrincipalFactory<PortalClaimsFactory>()
            .AddDefaultTokenProviders();
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/account/sign-in";
            options.LogoutPath = "/account/sign-out";
            options.AccessDeniedPath = "/account/access-denied";
            options.Cookie.Name = "portal.auth";
            options.Cookie.SameSite = SameSiteMode.Lax;
            // Secure whenever the request came over TLS, which behind the ingress is X-Forwarded-Proto (UsePortal).
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.SlidingExpiration = true;
        });
        services.AddRolePolicies();
        services.AddStaffSignInProvider(configuration);
        services.AddTwoFactorSignIn(configuration);

        services.AddHttpContextAccessor();
        services.AddTransient<BearerTokenHandler>();
        services.AddTransient<ClientAddressHandler>();
        AddClient<DirectoryClient>(services, configuration, "Directory");
        AddClient<CurationClient>(services, configuration, "Directory");
        AddClient<ReferralsClient>(services, configuration, "Referrals");
        AddClient<FeedbackClient>(services, configuration, "Feedback");
        AddClient<FeedbackCurationClient>(services, configuration, "Feedback");
        services.AddTransient<ServiceTokenHandler>();
        services.AddHttpClient<AccountMessagesClient>(http =>
            {
                http.BaseAddress = new Uri(configuration["Services:Feedback:BaseUrl"]
                                           ?? throw new InvalidOperationException("Services:Feedback:BaseUrl is not configured."));
                http.Timeout = TimeSpan.FromSeconds(15);
            })
            .AddHttpMessageHandler<ServiceTokenHandler>();
        services.AddTransient<IAccountMailer>(sp => sp.GetRequiredService<AccountMessagesClient>());
        services.AddScoped<AccountEmails>();
        services.AddScoped<AccountAudit>();

        // Who may open which page is declared on each page model ([Authorize(Policy = ...)]).
        services.AddPortalLocalisation();
        services.AddRazorPages().AddMvcOptions(options => options.Filters.AddService<TwoFactorSetupFilter>());
        services.AddHealthChecks();
        services.AddHostedService<PortalStartup>();
        return services;
    }

    private static void AddClient<TClient>(IServiceCollection services, IConfiguration configuration, string service)
        where TClient : class =>
        services.AddHttpClient<TClient>(http =>
            {
                var baseUrl = configuration[$"Services:{service}:BaseUrl"]
                              ?? throw new InvalidOperationException($"Services:{service}:BaseUrl is not configured.");
                http.BaseAddress = new Uri(baseUrl);
                http.Timeout = TimeSpan.FromSeconds(15);
            })
            .AddHttpMessageHandler<BearerTokenHandler>()
            .AddHttpMessageHandler<ClientAddressHandler>();

    public static WebApplication UsePortal(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseSecurityHeaders();
        app.UseRequestLocalization();
        app.UseExceptionHandler("/error");
        app.UseStatusCodePagesWithReExecute("/error", "?status={0}");
        var files = new EmbeddedFileProvider(typeof(PortalApp).Assembly, "PortalStatic");
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        // nhsuk-frontend's CSS asks for its icons at /assets/...
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new EmbeddedFileProvider(typeof(PortalApp).Assembly, "PortalStatic.lib.nhsuk.assets"),
            RequestPath = "/assets",
        });
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseFormsWithNul();
        app.MapHealthChecks("/health/ready");
        app.MapServiceMetrics();
        app.MapRazorPages();
        return app;
    }
}

/// <summary>Migrates the sign-in store (Database:MigrateOnStart) and creates the demo users before the portal takes requests.</summary>
internal sealed class PortalStartup(IServiceProvider services, IConfiguration configuration) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (configuration.GetValue("Database:MigrateOnStart", true))
        {
            await using var scope = services.CreateAsyncScope();
            await PortalDatabase.MigrateAsync(scope.ServiceProvider.GetRequiredService<PortalDb>(), cancellationToken);
        }
        if (configuration.GetValue("Demo:Seed", false)) await DemoUsers.SeedAsync(services, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
