using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace TestIdentityProvider;

/// <summary>A person who can sign in at the test provider, and what it says about them in the ID token.</summary>
public sealed record TestIdentity(string UserName, string Password, string Subject, string Email, bool EmailVerified, string Name);

/// <summary>
/// A real OpenID Connect provider for tests: OpenIddict's server on a loopback port, authorization code flow with PKCE
/// required, a confidential client, ID tokens signed with an ephemeral RSA key and published at its JWKS endpoint.
/// Its sign-in page is a plain form (Username, Password) for the people added with <see cref="AddIdentity"/>.
/// Plain HTTP: tests run it on loopback only, so the relying party must allow HTTP metadata.
/// </summary>
public sealed class OpenIdProvider : IAsyncDisposable
{
    private const string CookieScheme = "test-idp";
    private readonly ConcurrentDictionary<string, TestIdentity> _identities = new(StringComparer.OrdinalIgnoreCase);
    private readonly SqliteConnection _store;
    private readonly WebApplication _app;

    private OpenIdProvider(SqliteConnection store, WebApplication app, string url)
    {
        _store = store;
        _app = app;
        Url = url;
    }

    /// <summary>The issuer, e.g. http://127.0.0.1:41234/ (discovery at .well-known/openid-configuration).</summary>
    public string Url { get; }

    public void AddIdentity(TestIdentity identity) => _identities[identity.UserName] = identity;

    public static async Task<OpenIdProvider> StartAsync(string listenUrl = "http://127.0.0.1:0")
    {
        // OpenIddict's applications, authorizations and tokens live in an in-memory SQLite database for the host's lifetime.
        var store = new SqliteConnection("DataSource=:memory:");
        await store.OpenAsync();
        OpenIdProvider? provider = null;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(listenUrl);
        // Not the host's Information level: OpenIddict logs every document it returns.
        builder.Logging.AddFilter((_, level) => level >= LogLevel.Warning);
        builder.Services.AddDbContext<ProviderDb>(options => options.UseSqlite(store).UseOpenIddict());
        builder.Services.AddOpenIddict()
            .AddCore(options => options.UseEntityFrameworkCore().UseDbContext<ProviderDb>())
            .AddServer(options =>
            {
                options.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token");
                options.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                options.RegisterScopes(Scopes.OpenId, Scopes.Email, Scopes.Profile);
                options.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
                // Only the authorization endpoint is ours; OpenIddict answers the token request itself from the code.
                options.UseAspNetCore().EnableAuthorizationEndpointPassthrough().DisableTransportSecurityRequirement();
            });
        builder.Services.AddAuthentication(CookieScheme).AddCookie(CookieScheme, options =>
        {
            options.LoginPath = "/login";
            // The portal under test is on the same loopback host (cookies ignore ports): a name of its own.
            options.Cookie.Name = "test-idp.session";
        });
        builder.Services.AddAuthorization();

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapMethods("/connect/authorize", ["GET", "POST"], (Func<HttpContext, Task<IResult>>)(http => provider!.AuthorizeAsync(http)));
        app.MapGet("/login", (Func<HttpContext, IResult>)(http => LoginPage(http, error: null)));
        app.MapPost("/login", (Func<HttpContext, Task<IResult>>)(http => provider!.SignInAsync(http)));

        await app.StartAsync();
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<ProviderDb>().Database.EnsureCreatedAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        provider = new OpenIdProvider(store, app, url.TrimEnd('/') + "/");
        return provider;
    }

    /// <summary>Registers a confidential client allowed the code flow (PKCE required) back to <paramref name="redirectUri"/>.</summary>
    public async Task RegisterClientAsync(string clientId, string clientSecret, Uri redirectUri)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        await applications.CreateAsync(new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = clientSecret,
            ClientType = ClientTypes.Confidential,
            RedirectUris = { redirectUri },
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token,
                Permissions.GrantTypes.AuthorizationCode, Permissions.ResponseTypes.Code,
                Permissions.Scopes.Email, Permissions.Scopes.Profile,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        });
    }

    private async Task<IResult> AuthorizeAsync(HttpContext http)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var session = await http.AuthenticateAsync(CookieScheme);
        if (!session.Succeeded || !_identities.TryGetValue(session.Principal!.Identity!.Name!, out var person))
            return Results.Challenge(new AuthenticationProperties { RedirectUri = http.Request.Path + http.Request.QueryString },
                [CookieScheme]);

        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.AddClaim(new Claim(Claims.Subject, person.Subject));
        identity.AddClaim(new Claim(Claims.Name, person.Name));
        identity.AddClaim(new Claim(Claims.Email, person.Email));
        identity.AddClaim(new Claim(Claims.EmailVerified, person.EmailVerified ? "true" : "false", ClaimValueTypes.Boolean));
        identity.SetScopes(request.GetScopes());
        identity.SetDestinations(_ => [Destinations.IdentityToken, Destinations.AccessToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private async Task<IResult> SignInAsync(HttpContext http)
    {
        var form = await http.Request.ReadFormAsync();
        var returnUrl = form["ReturnUrl"].ToString();
        if (!_identities.TryGetValue(form["UserName"].ToString(), out var person) || person.Password != form["Password"].ToString())
            return LoginPage(http, "The username or password is not right.");
        await http.SignInAsync(CookieScheme, new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, person.UserName)], CookieScheme)));
        return Results.Redirect(returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) ? returnUrl : "/");
    }

    private static IResult LoginPage(HttpContext http, string? error)
    {
        var returnUrl = WebUtility.HtmlEncode(http.Request.HasFormContentType
            ? http.Request.Form["ReturnUrl"].ToString()
            : http.Request.Query["ReturnUrl"].ToString());
        var message = error is null ? "" : $"<p role=\"alert\" id=\"error\">{WebUtility.HtmlEncode(error)}</p>";
        return Results.Content($"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Test identity provider</title></head>
            <body><main>
            <h1>Test identity provider</h1>
            {message}
            <form method="post" action="/login">
              <input type="hidden" name="ReturnUrl" value="{returnUrl}">
              <p><label for="username">Username</label> <input id="username" name="UserName" autocomplete="username"></p>
              <p><label for="password">Password</label> <input id="password" name="Password" type="password"></p>
              <button type="submit">Continue</button>
            </form>
            </main></body></html>
            """, "text/html; charset=utf-8");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _store.DisposeAsync();
    }
}

internal sealed class ProviderDb(DbContextOptions<ProviderDb> options) : DbContext(options);
