using BuildingBlocks.Auth;
using BuildingBlocks.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FeedbackService.Domain;

/// <summary>
/// What Feedback knows of a referral, fed by Referrals' status events: enough to decide who may record attendance
/// and outcomes (the receiving provider) and who may read the summary (the referrer, where the person consented).
/// </summary>
public sealed class Referral
{
    public static readonly string[] AttendableStatuses = ["accepted", "in-progress", "on-hold"];
    public static readonly string[] MeasurableStatuses = ["accepted", "in-progress", "on-hold", "completed", "failed"];

    public Guid Id { get; private set; }
    public Guid ServiceId { get; private set; }
    public Guid ProviderOrganisationId { get; private set; }
    public string ReferrerId { get; private set; } = "";
    public string Status { get; private set; } = "draft";
    public bool ShareOutcomesWithReferrer { get; private set; }
    public DateTimeOffset StatusChangedAt { get; private set; }
    public DateTimeOffset? AcceptedAt { get; private set; }
    public DateTimeOffset? FirstSessionAt { get; private set; }

    /// <summary>The person's consented contact route (from ReferralContactConsented); only for messages to them.</summary>
    public string? FirstName { get; private set; }
    public string? ContactChannel { get; private set; }
    public string? ContactEmail { get; private set; }
    public string? ContactPhone { get; private set; }

    private Referral() { }

    public Referral(Guid id) => Id = id;

    /// <summary>Applies a status change; an older event arriving late does not roll the status back.</summary>
    public bool Apply(Guid serviceId, Guid providerOrganisationId, string referrerId, string toStatus,
        bool shareOutcomes, DateTimeOffset at)
    {
        ServiceId = serviceId;
        ProviderOrganisationId = providerOrganisationId;
        ReferrerId = referrerId;
        if (toStatus == "accepted" && AcceptedAt is null) AcceptedAt = at;
        if (at < StatusChangedAt) return false;
        Status = toStatus;
        ShareOutcomesWithReferrer = shareOutcomes;
        StatusChangedAt = at;
        return true;
    }

    public void RecordContact(string firstName, string channel, string? email, string? phone)
    {
        FirstName = firstName;
        ContactChannel = channel;
        ContactEmail = email;
        ContactPhone = phone;
    }

    public void ScheduleFirstSession(DateTimeOffset at) => FirstSessionAt = at;

    public bool IsProviderStaff(CurrentUser user) =>
        user.Is(Roles.Provider) && user.OrganisationId == ProviderOrganisationId;

    public bool IsReferrer(CurrentUser user) => user.Id == ReferrerId;

    public DateTimeOffset? FollowUpDue(int followUpWeeks) => AcceptedAt?.AddDays(7 * followUpWeeks);

    /// <summary>Only the receiving provider's staff record attendance and outcomes.</summary>
    public void EnsureProviderStaff(CurrentUser user)
    {
        if (!IsProviderStaff(user))
            throw new ForbiddenException("Only staff of the receiving organisation can record this.");
    }

    /// <summary>The provider always; the referrer only where the person agreed to share attendance and outcomes.</summary>
    public void EnsureMayReadSummary(CurrentUser user)
    {
        if (IsProviderStaff(user)) return;
        if (IsReferrer(user) && ShareOutcomesWithReferrer) return;
        throw new ForbiddenException(IsReferrer(user)
            ? "The person did not agree to share attendance and outcomes with the referrer."
            : "Only the referrer and the receiving organisation can see this referral.");
    }

    public void EnsureAttendable()
    {
        if (!AttendableStatuses.Contains(Status))
            throw new RuleViolationException($"Attendance can only be recorded once the referral is accepted (it is {Status}).");
    }

    public void EnsureMeasurable()
    {
        if (!MeasurableStatuses.Contains(Status))
            throw new RuleViolationException($"Outcomes can only be recorded once the referral is accepted (it is {Status}).");
    }
}

internal sealed class ReferralConfiguration : IEntityTypeConfiguration<Referral>
{
    public void Configure(EntityTypeBuilder<Referral> referral)
    {
        referral.HasKey(r => r.Id);
        referral.Property(r => r.Id).ValueGeneratedNever();
        referral.Property(r => r.ReferrerId).HasMaxLength(200);
        referral.Property(r => r.Status).HasMaxLength(30);
        referral.Property(r => r.FirstName).HasMaxLength(100);
        referral.Property(r => r.ContactChannel).HasMaxLength(10);
        referral.Property(r => r.ContactEmail).HasMaxLength(320);
        referral.Property(r => r.ContactPhone).HasMaxLength(40);
    }
}
