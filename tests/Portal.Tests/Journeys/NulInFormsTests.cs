using Portal.Tests.Fuzz;

namespace Portal.Tests.Journeys;

/// <summary>
/// A NUL character in a form used to fail ASP.NET's form reader, so the antiforgery check answered a bare 400 and
/// everything typed was lost. Now the form comes back with what was typed and a field error, as for any other control
/// character. Over plain HTTP: a browser's input cannot hold a NUL, a script's post can.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class NulInFormsTests(PortalSystem system)
{
    private static string Unique(string stem) => stem + " " + Guid.NewGuid().ToString("N")[..6];

    [Fact]
    public async Task A_NUL_in_the_ask_to_join_form_brings_the_form_back_with_what_was_typed_and_a_field_error()
    {
        var serviceId = await system.ListServiceAsync(Unique("Nul ask to join"), Unique("Nul group"));
        using var resident = await PortalForms.VisitorAsync(system, "resident@demo.example.org");

        var answer = await PortalForms.PostAsync(resident, $"/services/{serviceId}/self-refer", $"/services/{serviceId}/self-refer",
            ("Person.GivenName", "Ann\0e"), ("Person.FamilyName", "Smith"), ("Person.BirthDay", "3"), ("Person.BirthMonth", "4"),
            ("Person.BirthYear", "1958"), ("Person.Email", "ann@example.org"), ("Person.Needs", "Company on a walk"),
            ("Consent.ShareWithProvider", "true"));

        Assert.Equal(200, answer.Status);
        Assert.Equal("First name must not contain control characters", PortalForms.FieldError(answer, "person-givenName"));
        Assert.Equal("Smith", PortalForms.InputValue(answer, "Person.FamilyName"));
        Assert.Equal("Company on a walk", PortalForms.InputValue(answer, "Person.Needs"));
    }

    [Fact]
    public async Task A_NUL_in_a_feedback_comment_brings_the_form_back_with_the_comment_and_a_field_error()
    {
        var serviceId = await system.ListServiceAsync(Unique("Nul feedback"), Unique("Nul group"));
        using var resident = await PortalForms.VisitorAsync(system, "resident@demo.example.org");

        var answer = await PortalForms.PostAsync(resident, $"/services/{serviceId}/feedback", $"/services/{serviceId}/feedback",
            ("Rating", "4"), ("Comment", "Lovely\0people"));

        Assert.Equal(200, answer.Status);
        Assert.Contains("control characters", PortalForms.FieldError(answer, "comment"));
        Assert.StartsWith("Lovely", PortalForms.InputValue(answer, "comment"));
    }

    [Fact]
    public async Task A_NUL_in_a_new_referrals_reason_is_a_field_error_on_the_first_step_with_what_was_typed()
    {
        var serviceId = await system.ListServiceAsync(Unique("Nul referral"), Unique("Nul group"));
        using var linkworker = await PortalForms.VisitorAsync(system, "linkworker@demo.example.org");

        var answer = await PortalForms.PostAsync(linkworker, $"/referrals/new/{serviceId}", $"/referrals/new/{serviceId}?handler=Details",
            ("Person.GivenName", "Ann"), ("Person.FamilyName", "Smith"), ("Person.BirthDay", "3"), ("Person.BirthMonth", "4"),
            ("Person.BirthYear", "1958"), ("Person.Phone", "07700 900456"), ("Person.Needs", "Company"), ("Reason", "Near\0home"));

        Assert.Equal(200, answer.Status);
        Assert.Contains("<h1>Who are you referring?</h1>", answer.Text);
        Assert.Equal("Why this activity must not contain control characters", PortalForms.FieldError(answer, "reason"));
        Assert.Equal("Ann", PortalForms.InputValue(answer, "Person.GivenName"));
    }

    [Fact]
    public async Task A_NUL_in_a_new_listings_name_brings_the_form_back_with_what_was_typed_and_a_field_error()
    {
        using var provider = await PortalForms.VisitorAsync(system, "provider@demo.example.org");

        var answer = await PortalForms.PostAsync(provider, "/provider/listings/new", "/provider/listings/new",
            ("Form.Name", "Knit\0ting"), ("Form.Summary", "Knitting and a chat"), ("Form.AttendingType", "online"),
            ("Form.Times[0].Pattern", "weekly"), ("Form.Times[0].Day", "tuesday"), ("Form.Times[0].Start", "10:00"), ("Form.Times[0].End", "12:00"),
            ("Form.CostType", "free"), ("Form.Accepting", "yes"));

        Assert.Equal(200, answer.Status);
        Assert.Equal("The name of the activity must not contain control characters", PortalForms.FieldError(answer, "name"));
        Assert.Equal("Knitting and a chat", PortalForms.InputValue(answer, "Form.Summary"));
    }

    [Fact]
    public async Task A_NUL_in_a_sign_in_email_is_not_signed_in_without_reaching_the_sign_in_store_and_the_next_sign_in_works()
    {
        using var anonymous = await PortalForms.VisitorAsync(system, null);

        var refused = await PortalForms.PostAsync(anonymous, "/account/sign-in", "/account/sign-in",
            ("Email", "resident\0@demo.example.org"), ("Password", PortalSystem.Password));
        var next = await PortalForms.PostAsync(anonymous, "/account/sign-in", "/account/sign-in",
            ("Email", "resident@demo.example.org"), ("Password", PortalSystem.Password));

        Assert.Equal(200, refused.Status);
        Assert.NotNull(PortalForms.FieldError(refused, "email"));
        Assert.Equal(302, next.Status);
    }

    [Fact]
    public async Task A_NUL_in_a_field_no_page_reads_still_lets_the_form_work()
    {
        using var anonymous = await PortalForms.VisitorAsync(system, null);

        var answer = await PortalForms.PostAsync(anonymous, "/account/sign-in", "/account/sign-in",
            ("Email", "resident@demo.example.org"), ("Password", PortalSystem.Password), ("Unread", "\0"));

        Assert.Equal(302, answer.Status);
    }
}
