using BuildingBlocks.Validation;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace BuildingBlocks.Persistence;

/// <summary>
/// The admins' question to a service's personal-data audit log (who read which referral, when, why), asked of each
/// service that keeps one the same way: the same filters, rules and answer, so the portal can merge them by time.
/// A service's feature derives its query from this record and its validator from <see cref="AuditLogValidator{T}"/>.
/// </summary>
/// <param name="Actor">Exactly the user id who read (the token's subject).</param>
/// <param name="From">The first day included (UTC).</param>
/// <param name="To">The last day included (UTC).</param>
public abstract record AuditLogQuery(string? Actor, Guid? ReferralId, string? Action, DateOnly? From, DateOnly? To, int Page, int PageSize)
{
    public const int MaxPageSize = 100;
}

/// <summary>
/// One entry, as it is stored: the actor's id and role, the referral's id, the action and its purpose. Nothing about
/// the person: the log says who looked, not at whom beyond the referral's id.
/// </summary>
public sealed record AuditLogItem(long Id, DateTimeOffset At, string ActorId, string ActorRole, Guid ReferralId, string Action, string Purpose);

public sealed record AuditLogPage(IReadOnlyList<AuditLogItem> Items, int Page, int PageSize, int Total);

public class AuditLogValidator<TQuery> : AbstractValidator<TQuery> where TQuery : AuditLogQuery
{
    public AuditLogValidator()
    {
        RuleFor(q => q.Actor).MaximumLength(200).MustBePlainText();
        RuleFor(q => q.Action).MaximumLength(60).MustBePlainText();
        RuleFor(q => q.To).GreaterThanOrEqualTo(q => q.From).When(q => q.From is not null && q.To is not null)
            .WithMessage("'To' must be on or after 'From'.");
        RuleFor(q => q.Page).MustBeAPage();
        RuleFor(q => q.PageSize).MustBeAPageSize(AuditLogQuery.MaxPageSize);
    }
}

public static class AuditLogSearch
{
    /// <summary>The entries that match, newest first (the later insert first among entries of one instant).</summary>
    public static async Task<AuditLogPage> SearchAsync(this IQueryable<AuditEntry> log, AuditLogQuery query, CancellationToken cancellationToken)
    {
        var entries = log.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Actor)) { var actor = query.Actor.Trim(); entries = entries.Where(e => e.UserId == actor); }
        if (query.ReferralId is { } referralId) entries = entries.Where(e => e.ReferralId == referralId);
        if (!string.IsNullOrWhiteSpace(query.Action)) { var action = query.Action.Trim(); entries = entries.Where(e => e.Action == action); }
        if (query.From is { } from) { var start = Day(from); entries = entries.Where(e => e.At >= start); }
        // 'To' includes its whole day; the last day there is (9999-12-31) has no next day to stop before.
        if (query.To is { } to && to < DateOnly.MaxValue) { var end = Day(to.AddDays(1)); entries = entries.Where(e => e.At < end); }

        var total = await entries.CountAsync(cancellationToken);
        var items = await entries.OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Skip(Paging.Skip(query.Page, query.PageSize)).Take(query.PageSize)
            .Select(e => new AuditLogItem(e.Id, e.At, e.UserId, e.UserRole, e.ReferralId, e.Action, e.Purpose))
            .ToListAsync(cancellationToken);
        return new AuditLogPage(items, query.Page, query.PageSize, total);
    }

    private static DateTimeOffset Day(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
