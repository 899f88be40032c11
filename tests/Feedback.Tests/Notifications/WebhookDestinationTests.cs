using FeedbackService.Features.Webhooks;
using FeedbackService.Notifications;
using FluentValidation.TestHelper;
using Microsoft.Extensions.Options;

namespace Feedback.Tests.Notifications;

/// <summary>Where a webhook may be registered to, by the validator the API runs.</summary>
public sealed class WebhookDestinationTests
{
    private const string Secret = "long-enough-secret-1234";

    private static CreateWebhook.Validator Validator(WebhookOptions? webhooks = null) =>
        new(Options.Create(new FeedbackOptions { Webhooks = webhooks ?? new WebhookOptions() }));

    [Theory]
    [InlineData("http://gp.example.org/hook")]
    [InlineData("ftp://gp.example.org/hook")]
    [InlineData("/relative/hook")]
    [InlineData("https://user:password@gp.example.org/hook")]
    [InlineData("https://127.0.0.1/hook")]
    [InlineData("https://127.0.0.1./hook")]
    [InlineData("https://0x7f.1/hook")]
    [InlineData("https://2130706433/hook")]
    [InlineData("https://169.254.169.254/latest/meta-data/")]
    [InlineData("https://10.1.2.3:8443/hook")]
    [InlineData("https://100.64.0.1/hook")]
    [InlineData("https://[::1]/hook")]
    [InlineData("https://[::ffff:127.0.0.1]/hook")]
    [InlineData("https://[fd00::1]/hook")]
    [InlineData("https://[fe80::1]/hook")]
    [InlineData("https://localhost/hook")]
    [InlineData("https://LOCALHOST./hook")]
    [InlineData("https://api.localhost/hook")]
    [InlineData("https://printer.local/hook")]
    [InlineData("https://metadata/computeMetadata/v1/")]
    [InlineData("https://metadata.google.internal/computeMetadata/v1/")]
    public void By_default_only_https_to_a_public_host_without_credentials_is_accepted(string url) =>
        Validator().TestValidate(new CreateWebhook.Command(url, Secret, null)).ShouldHaveValidationErrorFor(c => c.Url);

    [Theory]
    [InlineData("https://gp.example.nhs.uk/hooks/referrals")]
    [InlineData("https://gp.example.org:8443/hook")]
    [InlineData("https://8.8.8.8/hook")]
    [InlineData("https://[2606:4700:4700::1111]/hook")]
    public void Https_to_a_public_host_is_accepted(string url) =>
        Validator().TestValidate(new CreateWebhook.Command(url, Secret, null)).ShouldNotHaveAnyValidationErrors();

    [Fact]
    public void Development_options_allow_a_receiver_on_loopback_over_http()
    {
        var url = "http://127.0.0.1:5050/hook";

        Validator().TestValidate(new CreateWebhook.Command(url, Secret, null)).ShouldHaveValidationErrorFor(c => c.Url);
        Validator(new WebhookOptions { AllowInsecureHttp = true }).TestValidate(new CreateWebhook.Command(url, Secret, null))
            .ShouldHaveValidationErrorFor(c => c.Url);
        Validator(new WebhookOptions { AllowInsecureHttp = true, AllowPrivateNetworks = true })
            .TestValidate(new CreateWebhook.Command(url, Secret, null)).ShouldNotHaveAnyValidationErrors();
    }
}
