using System.Security.Claims;
using BuildingBlocks.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Portal.Identity;

/// <summary>
/// The deployer's OpenID Connect provider for staff sign-in (NHS CIS2, Entra ID, ...), from configuration section
/// <c>Oidc</c>; off while <see cref="Authority"/> is empty. It never creates an account: it only signs in to an
/// existing staff account, matched first by the provider's subject, else once by a verified email address.
/// </summary>
public sealed class StaffSignInProvider
{
    public const string Section = "Oidc";
    public const string Scheme = "oidc";

    public string? Authority { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }
    /// <summary>Space-separated, as in the OpenID Connect request.</summary>
    public string Scopes { get; set; } = "openid profile email";
    /// <summary>What the button says: "Sign in with {DisplayName}".</summary>
    public string DisplayName { get; set; } = "your organisation's account";
    /// <summary>The claim holding the email address (Entra ID may need <c>preferred_username</c> or <c>upn</c>).</summary>
    public string EmailClaim { get; set; } = "email";
    /// <summary>
    /// Only an address the provider says it verified (<c>email_verified</c> true) may link an account. Turn off only
    /// for a provider whose addresses are all issued by the organisation (a tenant's own user names).
    /// </summary>
    public bool RequireVerifiedEmail { get; set; } = true;
    /// <summary>Ask the userinfo endpoint for the email claims too (for providers that leave them out of the ID token).</summary>
    public bool GetClaimsFromUserInfoEndpoint { get; set; }
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);

    /// <summary>The email address the provider vouches for, or null when it gave none or did not verify it.</summary>
    public string? VerifiedEmail(ClaimsPrincipal external)
    {
        var email = external.FindFirstValue(EmailClaim)?.Trim();
        if (string.IsNullOrEmpty(email) || !email.Contains('@', StringComparison.Ordinal)) return null;
        if (RequireVerifiedEmail && !string.Equals(external.FindFirstValue("email_verified"), "true", StringComparison.OrdinalIgnoreCase))
            return null;
        return email;
    }
}

/// <summary>Why an external sign-in was refused; each has its own wording on the refusal page.</summary>
public enum ExternalRefusal
{
    /// <summary>No staff account for the address (unknown, a resident's, or not confirmed): one answer for all three.</summary>
    NoStaffAccount,
    /// <summary>The provider gave no verified email address and the subject is not linked yet.</summary>
    NoVerifiedEmail,
    /// <summary>The account is already linked to another identity at this provider.</summary>
    LinkedToAnother,
    /// <summary>The account is locked (by an admin, after wrong passwords, or deleted).</summary>
    Locked,
    /// <summary>The provider answered with an error, or the person cancelled there.</summary>
    ProviderFailed,
}

/// <summary>What to do with an identity that came back from the provider: sign in (linking it first, or not), or refuse.</summary>
public sealed record ExternalDecision(PortalUser? SignInAs, bool Link, ExternalRefusal? Refusal)
{
    public static ExternalDecision Refuse(ExternalRefusal why) => new(null, false, why);

    /// <param name="linked">The account already linked to this provider subject, if any.</param>
    /// <param name="byEmail">The account holding the provider's verified address, if any (looked up only when not linked).</param>
    /// <param name="byEmailIsLinkedElsewhere">That account already has another subject at this provider.</param>
    public static ExternalDecision For(PortalUser? linked, string? verifiedEmail, PortalUser? byEmail, bool byEmailIsLinkedElsewhere,
        DateTimeOffset now)
    {
        if (linked is not null)
            // Linked once, but staff no more (removed from an organisation, the account stays as a resident's): refused.
            return Usable(linked, now) is { } refusal ? Refuse(refusal) : new(linked, false, null);
        if (verifiedEmail is null) return Refuse(ExternalRefusal.NoVerifiedEmail);
        if (byEmail is null) return Refuse(ExternalRefusal.NoStaffAccount);
        if (Usable(byEmail, now) is { } why) return Refuse(why);
        if (byEmailIsLinkedElsewhere) return Refuse(ExternalRefusal.LinkedToAnother);
        return new(byEmail, true, null);
    }

    private static ExternalRefusal? Usable(PortalUser user, DateTimeOffset now) =>
        !IsStaff(user.Role) || !user.EmailConfirmed ? ExternalRefusal.NoStaffAccount
        : user.LockoutEnd is { } end && end > now ? ExternalRefusal.Locked
        : null;

    /// <summary>The roles that may sign in through the provider, and that <c>Accounts:RequireTwoFactorForStaff</c> covers.</summary>
    public static bool IsStaff(string? role) =>
        role is Roles.Practitioner or Roles.Provider or Roles.Curator or Roles.Admin;
}

public static class StaffSignInProviderSetup
{
    /// <summary>Adds the provider as an external login for ASP.NET Core Identity when <c>Oidc:Authority</c> is set.</summary>
    public static IServiceCollection AddStaffSignInProvider(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(StaffSignInProvider.Section).Get<StaffSignInProvider>() ?? new StaffSignInProvider();
        services.AddSingleton(settings);
        if (!settings.Enabled) return services;
        if (string.IsNullOrWhiteSpace(settings.ClientId))
            throw new InvalidOperationException("Oidc:ClientId must be set when Oidc:Authority is (or remove Oidc:Authority to turn staff single sign-on off).");

        services.AddAuthentication().AddOpenIdConnect(StaffSignInProvider.Scheme, settings.DisplayName, options =>
        {
            options.SignInScheme = IdentityConstants.ExternalScheme;
            options.Authority = settings.Authority;
            options.ClientId = settings.ClientId;
            options.ClientSecret = string.IsNullOrWhiteSpace(settings.ClientSecret) ? null : settings.ClientSecret;
            options.RequireHttpsMetadata = settings.RequireHttpsMetadata;
            options.ResponseType = OpenIdConnectResponseType.Code;
            options.UsePkce = true;
            // The code comes back on a top-level GET (not a cross-site form post), so the correlation and nonce
            // cookies can be SameSite=Lax and work over plain HTTP in local runs as well as behind TLS.
            options.ResponseMode = OpenIdConnectResponseMode.Query;
            options.CorrelationCookie.SameSite = SameSiteMode.Lax;
            options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.NonceCookie.SameSite = SameSiteMode.Lax;
            options.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.Scope.Clear();
            foreach (var scope in settings.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries)) options.Scope.Add(scope);
            // Claims keep the provider's names (sub, email, email_verified), which is what Oidc:EmailClaim names.
            options.MapInboundClaims = false;
            options.GetClaimsFromUserInfoEndpoint = settings.GetClaimsFromUserInfoEndpoint;
            options.ClaimActions.MapUniqueJsonKey(settings.EmailClaim, settings.EmailClaim);
            options.ClaimActions.MapUniqueJsonKey("email_verified", "email_verified");
            options.SaveTokens = false;
            // A cancelled or failed sign-in at the provider is a page that says so, never an exception page.
            options.Events.OnRemoteFailure = context =>
            {
                context.Response.Redirect("/account/external-sign-in?failed=true");
                context.HandleResponse();
                return Task.CompletedTask;
            };
        });
        return services;
    }
}
