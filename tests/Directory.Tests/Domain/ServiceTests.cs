using BuildingBlocks.Web;
using Contracts.Directory;
using DirectoryService.Domain;

namespace Directory.Tests.Domain;

public sealed class ServiceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Period = TimeSpan.FromDays(90);
    private static readonly TimeSpan Remind = TimeSpan.FromDays(14);
    private static readonly Organisation Org = new(Guid.NewGuid(), "Drayton Walkers", null, null, null, null);

    internal static ServiceDetails Details(string name = "Walk and talk") => new(name, "A gentle walk", "Every week, all paces.",
        null, AttendingType.InPerson, new Eligibility(18, null, null), Cost.Free, new AccessMethods(true, true, true),
        new Contact("Sam", "sam@example.org", "023 9200 0000"), ["English"], ["sport-physical-activity"],
        [new Schedule(Frequency.Weekly, [DayOfWeek.Monday], null, null, null, new TimeOnly(10, 0), new TimeOnly(11, 0), null, null, null)],
        []);

    private static Service New(ServiceStatus status = ServiceStatus.Active) => new(Guid.NewGuid(), Org, Details(), status, T0, "test");

    [Fact]
    public void A_pending_listing_becomes_active_on_approval_and_counts_as_verified_then()
    {
        var service = New(ServiceStatus.PendingApproval);
        Assert.False(service.IsPublished);

        service.Approve(T0.AddDays(3), "curator");

        Assert.Equal(ServiceStatus.Active, service.Status);
        Assert.True(service.IsPublished);
        Assert.Equal(T0.AddDays(3), service.LastVerifiedAt);
        Assert.Equal(2, service.Version);
    }

    [Fact]
    public void Approving_a_listing_that_is_not_pending_is_a_conflict()
    {
        var service = New();
        Assert.Throws<ConflictException>(() => service.Approve(T0, "curator"));
    }

    [Fact]
    public void A_rejected_new_listing_is_never_published_and_cannot_be_edited()
    {
        var service = New(ServiceStatus.PendingApproval);
        service.RejectNewListing(T0);

        Assert.Equal(ServiceStatus.Rejected, service.Status);
        Assert.False(service.IsPublished);
        Assert.Throws<ConflictException>(() => service.Edit(Details("Renamed"), moderated: false, T0));
    }

    [Fact]
    public void Suspend_and_reinstate_only_from_the_right_state_and_reinstating_clears_the_note()
    {
        var service = New();
        Assert.True(service.Suspend("Closed for now", "Phone line 023 9200 0001", T0));
        Assert.False(service.Suspend("Again", null, T0));
        Assert.Equal(ServiceStatus.Suspended, service.Status);
        Assert.True(service.IsPublished);
        Assert.Equal("Closed for now", service.SuspensionNote);

        Assert.True(service.Reinstate(T0.AddDays(1)));
        Assert.False(service.Reinstate(T0.AddDays(1)));
        Assert.Equal(ServiceStatus.Active, service.Status);
        Assert.Null(service.SuspensionNote);
        Assert.Null(service.SuspensionAlternative);
    }

    [Fact]
    public void A_pending_listing_is_not_suspended_by_crisis_mode()
    {
        var service = New(ServiceStatus.PendingApproval);
        Assert.False(service.Suspend("Closed", null, T0));
        Assert.Equal(ServiceStatus.PendingApproval, service.Status);
    }

    [Fact]
    public void Removing_reports_whether_readers_knew_the_listing_and_a_removed_listing_stays_removed()
    {
        Assert.True(New().Remove(T0));
        Assert.False(New(ServiceStatus.PendingApproval).Remove(T0));
        var removed = New();
        removed.Remove(T0);
        Assert.Throws<ConflictException>(() => removed.Remove(T0));
        Assert.Throws<ConflictException>(() => removed.ChangeCapacity(new Capacity(ReferralAcceptance.No, null, null), T0));
    }

    [Fact]
    public void Stale_only_after_the_whole_period_without_verification()
    {
        var service = New();
        Assert.False(service.IsStale(T0 + Period, Period));
        Assert.True(service.IsStale(T0 + Period + TimeSpan.FromMinutes(1), Period));

        service.MarkVerified(T0 + Period + TimeSpan.FromDays(1), "provider");
        Assert.False(service.IsStale(T0 + Period + TimeSpan.FromDays(2), Period));
    }

    [Fact]
    public void Due_for_confirmation_from_the_reminder_window_before_going_stale()
    {
        var service = New();
        Assert.False(service.IsDueForConfirmation(T0 + Period - Remind - TimeSpan.FromDays(1), Period, Remind));
        Assert.True(service.IsDueForConfirmation(T0 + Period - Remind, Period, Remind));
    }

    [Fact]
    public void The_verification_prompt_goes_out_once_per_period_and_again_after_a_confirmation()
    {
        var service = New();
        var due = T0 + Period - Remind;
        Assert.True(service.NeedsVerificationPrompt(due, Period, Remind));

        var prompt = service.PromptVerification(due, Period);
        Assert.Equal(T0 + Period, prompt.DueBy);
        Assert.False(service.NeedsVerificationPrompt(due.AddDays(1), Period, Remind));
        Assert.False(service.NeedsVerificationPrompt(due + Period - TimeSpan.FromDays(1), Period, Remind));
        Assert.True(service.NeedsVerificationPrompt(due + Period, Period, Remind));

        service.MarkVerified(due.AddDays(2), "provider");
        Assert.False(service.NeedsVerificationPrompt(due.AddDays(3), Period, Remind));
        Assert.True(service.NeedsVerificationPrompt(due.AddDays(2) + Period - Remind, Period, Remind));
    }

    [Fact]
    public void Unpublished_listings_are_never_prompted()
    {
        var service = New(ServiceStatus.PendingApproval);
        Assert.False(service.NeedsVerificationPrompt(T0 + Period * 2, Period, Remind));
    }

    [Fact]
    public void Capacity_changes_only_when_something_differs_and_each_change_is_a_new_version()
    {
        var service = New();
        var version = service.Version;
        Assert.False(service.ChangeCapacity(service.Capacity, T0));
        Assert.Equal(version, service.Version);

        Assert.True(service.ChangeCapacity(new Capacity(ReferralAcceptance.Waitlist, 0, 10), T0));
        Assert.Equal(version + 1, service.Version);
        Assert.False(service.ChangeCapacity(new Capacity(ReferralAcceptance.Waitlist, 0, 10), T0));
        Assert.True(service.ChangeCapacity(new Capacity(ReferralAcceptance.Waitlist, 0, 14), T0));
    }

    [Fact]
    public void A_moderated_edit_applies_contact_now_and_holds_material_fields_for_a_curator()
    {
        var service = New();
        var proposed = Details("Walk, talk and tea") with { Contact = new Contact("Alex", "alex@example.org", null) };

        var outcome = service.Edit(proposed, moderated: true, T0.AddDays(1));

        Assert.Equal(["contact"], outcome.Applied);
        Assert.Equal(["name"], outcome.HeldForModeration);
        Assert.Equal("Alex", service.Contact.Name);
        Assert.Equal("Walk and talk", service.Name);

        var changed = service.ApplyApprovedEdit(outcome.Proposal!, ServiceDetails.MaterialFields.ToList(), new LiveTerms([]), T0.AddDays(2));
        Assert.Equal(["name"], changed);
        Assert.Equal("Walk, talk and tea", service.Name);
        Assert.Equal("Alex", service.Contact.Name);
    }

    [Fact]
    public void An_approved_proposal_takes_a_term_merged_since_as_its_survivor_and_drops_one_retired_since()
    {
        var taxonomy = Guid.NewGuid();
        var zumba = new TaxonomyTerm(Guid.NewGuid(), taxonomy, "zumba", "Zumba", null);
        var dance = new TaxonomyTerm(Guid.NewGuid(), taxonomy, "dance", "Dance", null);
        var movement = new TaxonomyTerm(Guid.NewGuid(), taxonomy, "movement", "Movement", null);
        var knitting = new TaxonomyTerm(Guid.NewGuid(), taxonomy, "knitting", "Knitting", null);
        zumba.MergeInto(dance);
        dance.MergeInto(movement);
        knitting.Retire();
        var service = New();
        var outcome = service.Edit(Details("Walk and talk") with { TaxonomyTerms = ["zumba", "knitting", "movement"] }, moderated: true, T0.AddDays(1));

        var changed = service.ApplyApprovedEdit(outcome.Proposal!, ServiceDetails.MaterialFields.ToList(),
            new LiveTerms([zumba, dance, movement, knitting]), T0.AddDays(2));

        Assert.Equal(["taxonomyTerms"], changed);
        Assert.Equal(["movement"], service.Details().TaxonomyTerms);
    }

    [Fact]
    public void An_unmoderated_edit_applies_everything_and_an_identical_one_changes_nothing()
    {
        var service = New();
        var version = service.Version;
        Assert.Empty(service.Edit(Details(), moderated: false, T0).Applied);
        Assert.Equal(version, service.Version);

        var outcome = service.Edit(Details("Renamed") with { Eligibility = new Eligibility(60, null, null) }, moderated: false, T0);
        Assert.Equal(["name", "eligibility"], outcome.Applied);
        Assert.Empty(outcome.HeldForModeration);
        Assert.Equal(60, service.Eligibility.MinimumAge);
        Assert.Equal(version + 1, service.Version);
    }

    [Fact]
    public void Material_edits_to_a_listing_awaiting_approval_are_refused()
    {
        var service = New(ServiceStatus.PendingApproval);
        Assert.Throws<ConflictException>(() => service.Edit(Details("Renamed"), moderated: true, T0));
    }

    [Fact]
    public void Schedule_and_list_fields_compare_by_value()
    {
        var a = Details();
        var b = Details() with { TaxonomyTerms = ["sport-physical-activity"], Languages = ["English"] };
        Assert.Empty(a.ChangedFields(b));
        Assert.Equal(["schedules"], a.ChangedFields(a with { Schedules = [a.Schedules[0] with { ClosesAt = new TimeOnly(12, 0) }] }));
    }

    [Fact]
    public void A_providers_change_to_getting_there_the_first_visit_or_the_welcomer_applies_at_once_beside_a_held_rename()
    {
        var service = New();

        var outcome = service.Edit(Details("Renamed") with { GettingThere = "Bus 21", FirstVisit = "Tea first", WelcomedBy = "Robin" },
            moderated: true, T0.AddDays(1));

        Assert.Equal(["firstVisit", "gettingThere", "welcomedBy"], outcome.Applied.Order(StringComparer.Ordinal));
        Assert.Equal(["name"], outcome.HeldForModeration);
        Assert.Equal(("Bus 21", "Tea first", "Robin", "Walk and talk"), (service.GettingThere, service.FirstVisit, service.WelcomedBy, service.Name));
    }

    [Fact]
    public void Getting_there_is_kept_trimmed_and_blank_is_not_given_so_whitespace_alone_is_no_change()
    {
        var service = New();

        Assert.Empty(service.Edit(Details() with { GettingThere = "   ", WelcomedBy = "" }, moderated: false, T0).Applied);
        Assert.Equal(["gettingThere"], service.Edit(Details() with { GettingThere = "  Bus 21 \n" }, moderated: false, T0).Applied);
        Assert.Equal("Bus 21", service.GettingThere);
    }
}
