using System.Net;
using System.Net.Http.Json;
using BuildingBlocks.Auth;
using Feedback.Tests.Support;
using FeedbackService;
using Microsoft.AspNetCore.Hosting;
using TestSupport;

namespace Feedback.Tests.Features.AccountMessages;

/// <summary>Account mail: only the portal's service principal may have Feedback email an address, and it goes out as email.</summary>
public sealed class SendAccountMessageTests(FeedbackApi api) : IClassFixture<FeedbackApi>
{
    private static object Message(string to) =>
        new { messageId = Guid.NewGuid(), to, subject = "Confirm your email address", body = "Open http://localhost/confirm?code=abc" };

    [Theory]
    [InlineData(Roles.Resident)]
    [InlineData(Roles.Practitioner)]
    [InlineData(Roles.Curator)]
    [InlineData(Roles.Admin)]
    public async Task A_person_of_any_role_may_not_have_account_mail_sent(string role)
    {
        var to = $"victim-{Guid.NewGuid():N}@example.org";
        using var http = api.ClientAs(TestTokens.For(role, role == Roles.Provider ? Guid.NewGuid() : null));

        var response = await http.PostAsJsonAsync("/api/feedback/account-messages", Message(to));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Without_a_token_or_with_one_that_names_no_one_it_is_401()
    {
        using var anonymous = api.ClientAs(null);
        using var noSubject = api.ClientAs(TestTokens.WithoutSubject(Roles.Service));

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/feedback/account-messages", Message("a@example.org"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await noSubject.PostAsJsonAsync("/api/feedback/account-messages", Message("a@example.org"))).StatusCode);
    }

    [Fact]
    public async Task The_service_principal_queues_an_email_that_the_email_channel_sends_once()
    {
        var to = $"newcomer-{Guid.NewGuid():N}@example.org";
        using var http = api.ClientAs(TestTokens.For(Roles.Service, userId: "portal"));
        var message = Message(to);

        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsJsonAsync("/api/feedback/account-messages", message)).StatusCode);
        // The portal retrying the same message (same messageId) never sends a second email.
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsJsonAsync("/api/feedback/account-messages", message)).StatusCode);

        await Eventually.Until(() => Task.FromResult(api.Smtp.To(to).Count > 0), TimeSpan.FromSeconds(30), "the account email");
        var mail = Assert.Single(api.Smtp.To(to));
        Assert.Equal("Confirm your email address", mail.Subject);
        Assert.Contains("confirm?code=abc", mail.Raw);
    }

    [Fact]
    public async Task A_message_without_a_valid_address_is_a_400_naming_the_field()
    {
        using var http = api.ClientAs(TestTokens.For(Roles.Service, userId: "portal"));

        var response = await http.PostAsJsonAsync("/api/feedback/account-messages",
            new { messageId = Guid.NewGuid(), to = "not-an-address", subject = "Hello", body = "Text" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"to\"", (await response.Content.ReadAsStringAsync()).ToLowerInvariant());
    }

    [Fact]
    public async Task The_mail_drop_is_unknown_when_email_is_sent_for_real()
    {
        using var http = api.ClientAs(TestTokens.For(Roles.Service, userId: "portal"));

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/feedback/mail-drop?to=a%40example.org")).StatusCode);
    }
}
