using BuildingBlocks.Validation;
using BuildingBlocks.Web;
using FeedbackService.Data;
using FeedbackService.Domain;
using FeedbackService.Notifications;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FeedbackService.Features.AccountMessages;

/// <summary>
/// The mail drop (Feedback:MailDrop:Enabled and Feedback:LetterDrop:Enabled, the embedded default only): emails and
/// letters kept instead of sent, newest first, so a newcomer running it locally can read the link in a confirmation
/// email, and a tester the letter a person with no email or phone would have been posted (its address lines in
/// <c>to</c>). The portal shows them at /dev/mail. <c>channel</c> narrows it to email or letter. Only what a drop kept
/// is listed (never mail really sent); unknown (404) when both drops are off.
/// </summary>
public static class GetMailDrop
{
    public sealed record Query(string? To, int Page = 1, int PageSize = MaxPageSize, string? Channel = null) : IQuery<Result>;

    public sealed record Result(IReadOnlyList<Item> Items, int Page, int PageSize, int Total);

    public sealed record Item(Guid Id, string To, string Subject, string Body, DateTimeOffset CreatedAt, string Channel);

    private static readonly string[] Kept = [Channels.Email, Channels.Letter];

    public const int MaxPageSize = 50;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.To).MaximumLength(320);
            RuleFor(q => q.Page).MustBeAPage();
            RuleFor(q => q.PageSize).MustBeAPageSize(MaxPageSize);
            RuleFor(q => q.Channel).Must(c => c is null || Kept.Contains(c)).WithMessage($"'channel' must be one of: {string.Join(", ", Kept)}.");
        }
    }

    internal sealed class Handler(FeedbackDb db, IOptions<FeedbackOptions> options) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            string[] kept = [.. options.Value.MailDrop.Enabled ? [Channels.Email] : Array.Empty<string>(),
                .. options.Value.LetterDrop.Enabled ? [Channels.Letter] : Array.Empty<string>()];
            if (kept.Length == 0) throw new NotFoundException("Mail drop", "email and letters are sent for real");
            var to = query.To?.Trim().ToLowerInvariant();
            var channels = kept.Where(c => query.Channel is null || c == query.Channel).ToArray();
            var dropped = db.Notifications.AsNoTracking()
                .Where(n => channels.Contains(n.Channel) && n.Status == DeliveryStatus.Sent && n.Address != null)
                .Where(n => to == null || to == "" || n.Address!.ToLower() == to);
            var total = await dropped.CountAsync(cancellationToken);
            var items = await dropped.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
                .Skip(Paging.Skip(query.Page, query.PageSize)).Take(query.PageSize)
                .Select(n => new Item(n.Id, n.Address!, n.Subject, n.Body, n.CreatedAt, n.Channel))
                .ToListAsync(cancellationToken);
            return new Result(items, query.Page, query.PageSize, total);
        }
    }

    internal static async Task<IResult> Endpoint(string? to, int? page, int? pageSize, string? channel, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Query(to, page ?? 1, pageSize ?? MaxPageSize, channel), cancellationToken));
}
