using FeedbackService.Notifications;

namespace Feedback.Tests.Notifications;

public sealed class WebhookSignatureTests
{
    private const string Secret = "a-shared-secret-of-enough-length";
    private const string Body = """{"id":"1","event":"referral-accepted"}""";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    [Fact]
    public void The_signature_is_hex_hmac_sha256_of_timestamp_dot_body()
    {
        // A known answer from another implementation:
        // printf '%s' '1800000000.{body}' | openssl dgst -sha256 -hmac '{secret}'
        Assert.Equal("sha256=3194c42c7d4d24631e051e99bc0554265d8a480330c61dbf55a290d844f2392c", WebhookSignature.Sign(Secret, "1800000000", Body));
    }

    [Fact]
    public void A_receiver_accepts_a_fresh_genuine_request()
    {
        var signature = WebhookSignature.Sign(Secret, "1800000000", Body);

        Assert.True(WebhookSignature.Verify(Secret, "1800000000", Body, signature, Now.AddSeconds(30), TimeSpan.FromMinutes(5)));
    }

    [Theory]
    [InlineData("tampered body")]
    [InlineData("wrong secret")]
    [InlineData("changed timestamp")]
    [InlineData("stale")]
    public void A_receiver_refuses_a_tampered_forged_or_replayed_request(string attack)
    {
        var signature = WebhookSignature.Sign(Secret, "1800000000", Body);

        var valid = attack switch
        {
            "tampered body" => WebhookSignature.Verify(Secret, "1800000000", Body.Replace("accepted", "rejected"), signature, Now, TimeSpan.FromMinutes(5)),
            "wrong secret" => WebhookSignature.Verify("another-secret-of-enough-length", "1800000000", Body, signature, Now, TimeSpan.FromMinutes(5)),
            "changed timestamp" => WebhookSignature.Verify(Secret, "1800000001", Body, signature, Now, TimeSpan.FromMinutes(5)),
            _ => WebhookSignature.Verify(Secret, "1800000000", Body, signature, Now.AddHours(1), TimeSpan.FromMinutes(5)),
        };

        Assert.False(valid);
    }
}
