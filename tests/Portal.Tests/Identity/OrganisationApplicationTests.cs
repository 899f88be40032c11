using BuildingBlocks.Web;
using Portal.Identity;

namespace Portal.Tests.Identity;

public sealed class OrganisationApplicationTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static OrganisationApplication Application() =>
        OrganisationApplication.Submit(" Drayton Knit and Natter ", " ", "Jo Bloggs", "Jo@Example.org", "Drayton", Now);

    [Fact]
    public void An_application_is_decided_once()
    {
        var approved = Application();
        approved.Approve("curator-1", Now);
        var declined = Application();
        declined.Decline("curator-1", "Not in our area", Now);

        Assert.Throws<ConflictException>(() => approved.Approve("curator-2", Now));
        Assert.Throws<ConflictException>(() => approved.Decline("curator-2", "No", Now));
        Assert.Throws<ConflictException>(() => declined.Approve("curator-2", Now));
        Assert.Equal("curator-1", approved.DecidedBy);
        Assert.Equal(ApplicationStatus.Declined, declined.Status);
    }

    [Fact]
    public void An_approval_whose_organisation_could_not_be_created_waits_for_a_decision_again()
    {
        var application = Application();
        application.Approve("curator-1", Now);

        application.ReturnToPending();

        Assert.Equal(ApplicationStatus.Pending, application.Status);
        Assert.Null(application.DecidedBy);
    }

    [Fact]
    public void Once_its_organisation_exists_an_approval_stays_approved()
    {
        var application = Application();
        application.Approve("curator-1", Now);
        application.OrganisationCreated(Guid.NewGuid());

        Assert.Throws<InvalidOperationException>(application.ReturnToPending);
        Assert.Throws<InvalidOperationException>(() => application.OrganisationCreated(Guid.NewGuid()));
    }

    [Fact]
    public void Declining_needs_a_reason()
    {
        var application = Application();

        Assert.Throws<RuleViolationException>(() => application.Decline("curator-1", " ", Now));
        Assert.Equal(ApplicationStatus.Pending, application.Status);
    }

    [Fact]
    public void The_details_are_kept_trimmed_with_an_empty_number_as_none()
    {
        var application = Application();

        Assert.Equal("Drayton Knit and Natter", application.OrganisationName);
        Assert.Null(application.RegistrationNumber);
        Assert.Equal("jo@example.org", application.ContactEmail);
    }

    [Theory]
    [InlineData("Cosham Health Centre", "cosham-health-centre")]
    [InlineData("  North Portsmouth PCN: link workers! ", "north-portsmouth-pcn-link-workers")]
    public void A_team_id_is_a_slug_of_its_name(string name, string slug)
    {
        Assert.Equal(slug, PractitionerTeam.SlugOf(name));
    }
}
