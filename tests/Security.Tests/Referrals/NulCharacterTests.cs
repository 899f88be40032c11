using System.Net;
using System.Net.Http.Json;
using Security.Tests.Support;

namespace Security.Tests.Referrals;

public sealed class NulCharacterTests(ReferralsSecurityApi api) : IClassFixture<ReferralsSecurityApi>
{
    [Fact]
    public async Task A_message_with_a_NUL_in_it_is_a_400_problem_and_is_not_posted()
    {
        using var referrer = api.ClientFor(Caller.Referrer);
        var before = await api.Fingerprint();

        var response = await referrer.PostAsJsonAsync($"/api/referrals/{api.ReferralId}/messages", new { text = "Any\0news?" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(StateFingerprint.Changed(before, await api.Fingerprint()));
    }
}
