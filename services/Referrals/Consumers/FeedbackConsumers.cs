using BuildingBlocks.Messaging;
using Contracts.Feedback;
using Microsoft.EntityFrameworkCore;
using ReferralsService.Data;

namespace ReferralsService.Consumers;

/// <summary>Attendance from Feedback: counts it, and the first attendance starts an accepted or held referral.</summary>
public sealed class AttendanceRecordedConsumer(ReferralsDb db, TimeProvider clock) : InboxConsumer<AttendanceRecorded, ReferralsDb>(db, clock)
{
    protected override async Task Handle(AttendanceRecorded message, CancellationToken cancellationToken)
    {
        var referral = await Db.Referrals.SingleOrDefaultAsync(r => r.Id == message.ReferralId, cancellationToken);
        if (referral is null) return; // attendance at a drop-in, not a referral of ours
        referral.RecordAttendance(message);
        Db.Publish(referral.TakeEvents(), message.OccurredAt);
    }
}
