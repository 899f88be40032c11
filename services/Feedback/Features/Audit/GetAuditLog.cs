using BuildingBlocks.Persistence;
using Mediator;
using FeedbackService.Data;

namespace FeedbackService.Features.Audit;

/// <summary>
/// Admins search Feedback's personal-data audit log (who read a referral's attendance or outcomes, or exported
/// them), filtered and paged; the portal merges it with Referrals'. Not itself audited: an entry holds an actor's id
/// and a referral's id, never the person's data, so reading the log is not a read of personal data (and auditing it
/// would fill the log with itself).
/// </summary>
public static class GetAuditLog
{
    public sealed record Query(string? Actor, Guid? ReferralId, string? Action, DateOnly? From, DateOnly? To, int Page, int PageSize)
        : AuditLogQuery(Actor, ReferralId, Action, From, To, Page, PageSize), IQuery<AuditLogPage>;

    public sealed class Validator : AuditLogValidator<Query>;

    internal sealed class Handler(FeedbackDb db) : IQueryHandler<Query, AuditLogPage>
    {
        public async ValueTask<AuditLogPage> Handle(Query query, CancellationToken cancellationToken) =>
            await db.AuditLog.SearchAsync(query, cancellationToken);
    }

    internal static async Task<IResult> Endpoint(string? actor, Guid? referralId, string? action, DateOnly? from, DateOnly? to,
        int? page, int? pageSize, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Query(actor, referralId, action, from, to, page ?? 1, pageSize ?? 50), cancellationToken));
}
