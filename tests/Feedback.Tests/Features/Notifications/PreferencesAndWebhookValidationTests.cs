using FeedbackService.Features.Preferences;
using FeedbackService.Features.Webhooks;
using FeedbackService.Notifications;
using FluentValidation.TestHelper;
using Microsoft.Extensions.Options;

namespace Feedback.Tests.Features.Notifications;

public sealed class PreferencesAndWebhookValidationTests
{
    [Fact]
    public void Email_as_a_channel_needs_an_email_address_and_sms_a_phone_number()
    {
        var result = new UpdatePreferences.Validator().TestValidate(new UpdatePreferences.Command(null, null, ["email", "sms"], false));

        result.ShouldHaveValidationErrorFor(c => c.Email);
        result.ShouldHaveValidationErrorFor(c => c.Phone);
    }

    [Fact]
    public void Unknown_channels_and_malformed_addresses_are_refused()
    {
        var result = new UpdatePreferences.Validator().TestValidate(new UpdatePreferences.Command("not-an-email", "call me", ["pigeon"], false));

        result.ShouldHaveValidationErrorFor("Channels[0]");
        result.ShouldHaveValidationErrorFor(c => c.Email);
        result.ShouldHaveValidationErrorFor(c => c.Phone);
    }

    [Fact]
    public void Complete_preferences_are_valid() =>
        new UpdatePreferences.Validator().TestValidate(new UpdatePreferences.Command("gp@example.nhs.uk", "07700 900123", ["in-app", "email", "sms", "webhook"], true))
            .ShouldNotHaveAnyValidationErrors();

    [Theory]
    [InlineData("ftp://example.org/hook", "long-enough-secret-1234")]
    [InlineData("/relative/hook", "long-enough-secret-1234")]
    [InlineData("https://example.org/hook", "short")]
    public void A_webhook_needs_an_absolute_https_url_and_a_secret_of_16_characters_or_more(string url, string secret)
    {
        var result = new CreateWebhook.Validator(Options.Create(new FeedbackOptions())).TestValidate(new CreateWebhook.Command(url, secret, null));

        Assert.False(result.IsValid);
    }

    [Fact]
    public void A_valid_webhook_passes() =>
        new CreateWebhook.Validator(Options.Create(new FeedbackOptions())).TestValidate(new CreateWebhook.Command("https://gp.example.nhs.uk/hooks/referrals", "long-enough-secret-1234", ["referral-accepted"]))
            .ShouldNotHaveAnyValidationErrors();
}
