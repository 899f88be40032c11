using System.Security.Claims;
using BuildingBlocks.Auth;
using Portal.Identity;

namespace Portal.Tests.Identity;

public sealed class StaffSignInProviderTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static PortalUser Account(string role, bool confirmed = true) =>
        new() { Id = Guid.NewGuid().ToString(), Email = "sam@example.org", Role = role, DisplayName = "Sam", EmailConfirmed = confirmed };

    private static ClaimsPrincipal External(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), "oidc"));

    [Theory]
    [InlineData(Roles.Practitioner)]
    [InlineData(Roles.Provider)]
    [InlineData(Roles.Curator)]
    [InlineData(Roles.Admin)]
    public void A_staff_account_with_the_verified_address_is_linked_and_signed_in(string role)
    {
        var staff = Account(role);

        var decision = ExternalDecision.For(null, "sam@example.org", staff, byEmailIsLinkedElsewhere: false, Now);

        Assert.Same(staff, decision.SignInAs);
        Assert.True(decision.Link);
        Assert.Null(decision.Refusal);
    }

    [Fact]
    public void An_unknown_address_a_residents_account_and_an_unconfirmed_one_get_the_same_refusal()
    {
        Assert.Equal(ExternalRefusal.NoStaffAccount, ExternalDecision.For(null, "sam@example.org", null, false, Now).Refusal);
        Assert.Equal(ExternalRefusal.NoStaffAccount,
            ExternalDecision.For(null, "sam@example.org", Account(Roles.Resident), false, Now).Refusal);
        Assert.Equal(ExternalRefusal.NoStaffAccount,
            ExternalDecision.For(null, "sam@example.org", Account(Roles.Practitioner, confirmed: false), false, Now).Refusal);
    }

    [Fact]
    public void A_linked_subject_signs_in_without_linking_again_unless_the_account_is_no_longer_staff()
    {
        var staff = Account(Roles.Provider);
        var linked = ExternalDecision.For(staff, null, null, false, Now);
        Assert.Same(staff, linked.SignInAs);
        Assert.False(linked.Link);

        // Removed from the organisation: the account stays, as a resident's, and the provider no longer opens it.
        staff.Role = Roles.Resident;
        Assert.Equal(ExternalRefusal.NoStaffAccount, ExternalDecision.For(staff, null, null, false, Now).Refusal);
    }

    [Fact]
    public void A_locked_account_an_account_linked_to_another_subject_and_no_verified_address_are_refused()
    {
        var locked = Account(Roles.Curator);
        locked.LockoutEnd = Now.AddMinutes(5);

        Assert.Equal(ExternalRefusal.Locked, ExternalDecision.For(null, "sam@example.org", locked, false, Now).Refusal);
        Assert.Equal(ExternalRefusal.LinkedToAnother,
            ExternalDecision.For(null, "sam@example.org", Account(Roles.Curator), byEmailIsLinkedElsewhere: true, Now).Refusal);
        Assert.Equal(ExternalRefusal.NoVerifiedEmail, ExternalDecision.For(null, null, null, false, Now).Refusal);
    }

    [Fact]
    public void Only_an_address_the_provider_verified_counts_unless_the_deployer_says_its_addresses_are_its_own()
    {
        var provider = new StaffSignInProvider();

        Assert.Equal("sam@example.org", provider.VerifiedEmail(External(("email", " sam@example.org "), ("email_verified", "true"))));
        Assert.Equal("sam@example.org", provider.VerifiedEmail(External(("email", "sam@example.org"), ("email_verified", "True"))));
        Assert.Null(provider.VerifiedEmail(External(("email", "sam@example.org"), ("email_verified", "false"))));
        Assert.Null(provider.VerifiedEmail(External(("email", "sam@example.org"))));
        Assert.Null(provider.VerifiedEmail(External(("email_verified", "true"))));

        var tenant = new StaffSignInProvider { EmailClaim = "preferred_username", RequireVerifiedEmail = false };
        Assert.Equal("sam@example.org", tenant.VerifiedEmail(External(("preferred_username", "sam@example.org"))));
        Assert.Null(tenant.VerifiedEmail(External(("preferred_username", "not-an-address"))));
    }
}
