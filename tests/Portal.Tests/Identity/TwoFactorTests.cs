using System.Security.Claims;
using System.Text;
using BuildingBlocks.Auth;
using Portal.Identity;

namespace Portal.Tests.Identity;

public sealed class TwoFactorTests
{
    private static readonly AccountSettings Required = new() { RequireTwoFactorForStaff = true };

    private static ClaimsPrincipal SignedIn(string role, bool twoFactor = false, string? method = null)
    {
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, "user-1"), new(ClaimTypes.Role, role) };
        if (twoFactor) claims.Add(new Claim(TwoFactor.EnabledClaim, "true"));
        if (method is not null) claims.Add(new Claim(ClaimTypes.AuthenticationMethod, method));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "test"));
    }

    [Theory]
    [InlineData(Roles.Practitioner)]
    [InlineData(Roles.Provider)]
    [InlineData(Roles.Curator)]
    [InlineData(Roles.Admin)]
    public void Where_the_hub_requires_it_staff_without_an_authenticator_must_set_one_up(string role)
    {
        Assert.True(TwoFactor.MustSetUp(SignedIn(role), Required));
    }

    [Fact]
    public void Residents_staff_with_an_authenticator_and_hubs_that_do_not_require_it_are_let_through()
    {
        Assert.False(TwoFactor.MustSetUp(SignedIn(Roles.Resident), Required));
        Assert.False(TwoFactor.MustSetUp(SignedIn(Roles.Practitioner, twoFactor: true), Required));
        Assert.False(TwoFactor.MustSetUp(SignedIn(Roles.Practitioner), new AccountSettings()));
        Assert.False(TwoFactor.MustSetUp(new ClaimsPrincipal(new ClaimsIdentity()), Required));
    }

    [Fact]
    public void A_sign_in_through_the_staff_provider_is_not_asked_for_the_portals_own_second_factor()
    {
        Assert.False(TwoFactor.MustSetUp(SignedIn(Roles.Practitioner, method: StaffSignInProvider.Scheme), Required));
        Assert.True(TwoFactor.MustSetUp(SignedIn(Roles.Practitioner, method: "pwd"), Required));
    }

    [Fact]
    public void The_key_is_shown_in_groups_of_four_and_the_uri_is_what_authenticator_apps_read()
    {
        Assert.Equal("abcd efgh ijkl mn", TwoFactor.Readable("ABCDEFGHIJKLMN"));
        Assert.Equal("otpauth://totp/Community%20Directory:sam%40example.org?secret=ABCDEFGH&issuer=Community%20Directory&digits=6",
            TwoFactor.AuthenticatorUri("Community Directory", "sam@example.org", "ABCDEFGH"));
        Assert.StartsWith("data:image/png;base64,iVBORw0KGgo", TwoFactor.QrCodeDataUri("otpauth://totp/x:y?secret=ABCDEFGH"));
    }

    [Theory]
    [InlineData("123 456", "123456", true)]
    [InlineData(" 123-456 ", "123456", true)]
    [InlineData("12345", "12345", false)]
    [InlineData("12345a", "12345a", false)]
    [InlineData(null, "", false)]
    public void A_typed_code_loses_its_spaces_and_hyphens_and_must_be_six_digits(string? typed, string normalised, bool looksLikeACode)
    {
        Assert.Equal(normalised, TwoFactor.Normalise(typed));
        Assert.Equal(looksLikeACode, TwoFactor.LooksLikeACode(TwoFactor.Normalise(typed)));
    }

    [Theory]
    [InlineData(59, "287082")]
    [InlineData(1111111109, "081804")]
    [InlineData(1234567890, "005924")]
    [InlineData(2000000000, "279037")]
    public void The_tests_own_totp_matches_the_rfc_6238_test_vectors(long unixSeconds, string expected)
    {
        // RFC 6238 appendix B, SHA-1 seed "12345678901234567890" (8-digit values there; an app shows the last 6).
        var key = Encoding.ASCII.GetBytes("12345678901234567890");

        Assert.Equal(expected, Totp.Code(key, unixSeconds / 30));
        Assert.Equal(key, Totp.FromBase32("GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ"));
    }
}
