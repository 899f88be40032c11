using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using QRCoder;

namespace Portal.Identity;

/// <summary>Configuration section <c>Accounts</c>: what the hub asks of its accounts beyond the built-in rules.</summary>
public sealed class AccountSettings
{
    public const string Section = "Accounts";

    /// <summary>Staff who sign in with a password must set up an authenticator app before they may use the portal.</summary>
    public bool RequireTwoFactorForStaff { get; set; }
    /// <summary>The name authenticator apps show beside the code.</summary>
    public string AuthenticatorIssuer { get; set; } = "Community Directory";
}

/// <summary>
/// Two-factor sign-in with an authenticator app (TOTP, RFC 6238), on ASP.NET Core Identity's authenticator key and
/// recovery codes. A sign-in through the staff provider (Oidc) bypasses it: that provider applies its own second factor.
/// </summary>
public static class TwoFactor
{
    /// <summary>In the sign-in cookie, so the requirement needs no lookup per page (PortalClaimsFactory sets it).</summary>
    public const string EnabledClaim = "two_factor";
    public const int RecoveryCodeCount = 10;

    /// <summary>
    /// A staff account signed in with a password and no authenticator, where the hub requires one, may open nothing
    /// but its account pages until it sets one up.
    /// </summary>
    public static bool MustSetUp(ClaimsPrincipal user, AccountSettings settings) =>
        settings.RequireTwoFactorForStaff
        && user.Identity?.IsAuthenticated == true
        && ExternalDecision.IsStaff(user.Role())
        && user.FindFirstValue(EnabledClaim) != "true"
        && user.FindFirstValue(ClaimTypes.AuthenticationMethod) != StaffSignInProvider.Scheme;

    /// <summary>The key as people type it: groups of four, lower case.</summary>
    public static string Readable(string key)
    {
        var text = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            if (i > 0) text.Append(' ');
            text.Append(key.AsSpan(i, Math.Min(4, key.Length - i)));
        }
        return text.ToString().ToLowerInvariant();
    }

    /// <summary>The otpauth URI authenticator apps read from the QR code (Key Uri Format): SHA-1, 6 digits, 30 seconds.</summary>
    public static string AuthenticatorUri(string issuer, string account, string key) =>
        $"otpauth://totp/{Uri.EscapeDataString(issuer)}:{Uri.EscapeDataString(account)}" +
        $"?secret={key}&issuer={Uri.EscapeDataString(issuer)}&digits=6";

    /// <summary>A PNG of the URI's QR code as a data: URI (the portal's CSP allows data: images, no script needed).</summary>
    public static string QrCodeDataUri(string uri)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        return "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(5));
    }

    /// <summary>What people type: spaces and hyphens are theirs, not part of the code.</summary>
    public static string Normalise(string? code) =>
        new((code ?? "").Where(c => c is not (' ' or '-')).ToArray());

    public static bool LooksLikeACode(string code) => code.Length == 6 && code.All(char.IsAsciiDigit);
}

/// <summary>Sends staff who must set up two-factor sign-in to the setup page from every page but their account's.</summary>
public sealed class TwoFactorSetupFilter(AccountSettings settings) : IAsyncPageFilter
{
    public const string SetupPath = "/account/two-factor";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var request = context.HttpContext.Request;
        if (TwoFactor.MustSetUp(context.HttpContext.User, settings)
            && !request.Path.StartsWithSegments("/account") && !request.Path.StartsWithSegments("/error"))
        {
            context.Result = new RedirectResult($"{SetupPath}?returnUrl={Uri.EscapeDataString(request.Path + request.QueryString)}");
            return Task.CompletedTask;
        }
        return next();
    }
}

public static class TwoFactorSetup
{
    public static IServiceCollection AddTwoFactorSignIn(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(configuration.GetSection(AccountSettings.Section).Get<AccountSettings>() ?? new AccountSettings());
        services.AddSingleton<TwoFactorSetupFilter>();
        services.Configure<SecurityStampValidatorOptions>(options =>
            // The periodic refresh of the sign-in cookie keeps how the person signed in (password, with a code, or
            // through the staff provider), which the two-factor requirement reads.
            options.OnRefreshingPrincipal = context =>
            {
                var refreshed = context.NewPrincipal?.Identities.FirstOrDefault();
                if (refreshed is null || context.CurrentPrincipal is null) return Task.CompletedTask;
                foreach (var type in new[] { ClaimTypes.AuthenticationMethod, "amr" })
                    if (context.CurrentPrincipal.FindFirst(type) is { } claim && refreshed.FindFirst(type) is null)
                        refreshed.AddClaim(new Claim(type, claim.Value));
                return Task.CompletedTask;
            });
        return services;
    }
}
