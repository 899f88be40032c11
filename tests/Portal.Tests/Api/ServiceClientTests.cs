using System.Net;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Api;
using Portal.Pages;

namespace Portal.Tests.Api;

/// <summary>How the typed clients turn the services' answers (and silences) into something a page can explain.</summary>
public sealed class ServiceClientTests
{
    [Fact]
    public async Task A_validation_problem_becomes_field_messages_in_the_error_summary()
    {
        var client = ClientAnswering(HttpStatusCode.BadRequest, """
            {"title":"The request has invalid fields.","status":400,
             "errors":{"person.givenName":["'Given Name' must not be empty."],"consent":["Consent is required."]}}
            """);

        var result = await client.CreateAsync(SomeReferral(), CancellationToken.None);
        var page = new TestPage();
        var ok = page.Apply(result, "referral");

        Assert.False(ok);
        Assert.Equal(ApiOutcome.Invalid, result.Outcome);
        Assert.Contains(page.Errors, e => e is { InputId: "person-givenName", Message: "'Given Name' must not be empty." });
        Assert.Equal("'Given Name' must not be empty.", page.ErrorFor("person.givenName"));
        Assert.Contains(page.Errors, e => e.InputId == "consent");
        Assert.Empty(page.Notices);
    }

    [Fact]
    public async Task A_conflict_without_field_errors_is_shown_with_its_detail()
    {
        var client = ClientAnswering(HttpStatusCode.Conflict,
            """{"title":"Conflict with the current state.","status":409,"detail":"The referral is completed; allowed: none."}""");

        var result = await client.TransitionAsync(Guid.NewGuid(), "accept", null, null, CancellationToken.None);
        var page = new TestPage();
        page.Apply(result, "referral");

        Assert.Equal("The referral is completed; allowed: none.", Assert.Single(page.Errors).Message);
    }

    [Fact]
    public async Task A_404_naming_the_missing_thing_is_not_found()
    {
        var client = ClientAnswering(HttpStatusCode.NotFound,
            """{"title":"Not found.","status":404,"detail":"Referral 42 was not found."}""");

        var result = await client.GetAsync(Guid.NewGuid(), CancellationToken.None);

        Assert.Equal(ApiOutcome.NotFound, result.Outcome);
        Assert.Equal("Referral 42 was not found.", result.Problem!.Detail);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound)]            // an endpoint that does not exist yet
    [InlineData(HttpStatusCode.MethodNotAllowed)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.InternalServerError)]
    public async Task An_endpoint_that_is_missing_or_failing_is_not_available(HttpStatusCode status)
    {
        var client = ClientAnswering(status, """{"title":"x","status":0}""");

        var result = await client.MineAsync(CancellationToken.None);
        var page = new TestPage();
        page.Apply(result, "list of referrals");

        Assert.Equal(ApiOutcome.NotAvailable, result.Outcome);
        Assert.Empty(page.Errors);
        Assert.Contains("not available yet", Assert.Single(page.Notices).Heading);
    }

    [Fact]
    public async Task A_service_that_cannot_be_reached_is_not_available()
    {
        var http = new HttpClient(new Refusing()) { BaseAddress = new Uri("http://127.0.0.1:1") };
        var client = new ReferralsClient(http, NullLogger<ReferralsClient>.Instance);

        var result = await client.IncomingAsync(CancellationToken.None);

        Assert.Equal(ApiOutcome.NotAvailable, result.Outcome);
        Assert.Equal("Referrals", result.Service);
    }

    [Fact]
    public async Task Enums_travel_in_kebab_case_and_properties_in_camel_case()
    {
        var handler = new Answering(HttpStatusCode.Created, """{"id":"6f1c1a3e-2d1b-4c55-9a57-8f0e6a4c2b10"}""");
        var client = new ReferralsClient(new HttpClient(handler) { BaseAddress = new Uri("http://referrals") },
            NullLogger<ReferralsClient>.Instance);

        var result = await client.CreateAsync(SomeReferral(), CancellationToken.None);

        Assert.True(result.Ok);
        Assert.Equal(new Guid("6f1c1a3e-2d1b-4c55-9a57-8f0e6a4c2b10"), result.Value!.Id);
        Assert.Contains("\"serviceId\"", handler.LastBody);
        Assert.Contains("\"shareWithProvider\":true", handler.LastBody);
        Assert.Contains("\"dateOfBirth\":\"1950-12-10\"", handler.LastBody);
    }

    private static NewReferral SomeReferral() => new(Guid.NewGuid(),
        new PersonDetails("Ada", "Lovelace", new DateOnly(1950, 12, 10), null, null, "07700 900123", "Company"),
        new ConsentRecord("person", "verbal", DateTimeOffset.UnixEpoch, true, true, false, false), "Lonely");

    private static ReferralsClient ClientAnswering(HttpStatusCode status, string problemJson) =>
        new(new HttpClient(new Answering(status, problemJson, "application/problem+json")) { BaseAddress = new Uri("http://referrals") },
            NullLogger<ReferralsClient>.Instance);

    private sealed class Answering(HttpStatusCode status, string body, string mediaType = "application/json") : HttpMessageHandler
    {
        public string LastBody { get; private set; } = "";

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content is not null) LastBody = await request.Content.ReadAsStringAsync(cancellationToken);
            return new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) };
        }
    }

    private sealed class Refusing : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new HttpRequestException("Connection refused");
    }

    private sealed class TestPage : PortalPage
    {
        public bool Apply<T>(ApiResult<T> result, string what) => Check(result, what);
    }
}
