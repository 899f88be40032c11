using BuildingBlocks.Validation;
using FeedbackService.Data;
using FeedbackService.Domain;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace FeedbackService.Features.Moderation;

/// <summary>Resident feedback waiting for a curator, oldest first.</summary>
public static class GetModerationQueue
{
    public sealed record Query(int Page = 1, int PageSize = MaxPageSize) : IQuery<Result>;

    public sealed record Result(IReadOnlyList<Item> Items, int Page, int PageSize, int Total);

    public const int MaxPageSize = 200;

    public sealed record Item(Guid Id, Guid ServiceId, string ActivityName, int Rating, string Comment, DateTimeOffset SubmittedAt);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Page).MustBeAPage();
            RuleFor(q => q.PageSize).MustBeAPageSize(MaxPageSize);
        }
    }

    internal sealed class Handler(FeedbackDb db) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            var pending = from f in db.ResidentFeedback.AsNoTracking()
                          where f.Status == ModerationStatus.Pending
                          join a in db.Activities.AsNoTracking() on f.ServiceId equals a.ServiceId
                          orderby f.SubmittedAt, f.Id
                          select new Item(f.Id, f.ServiceId, a.Name, f.Rating, f.Comment, f.SubmittedAt);
            var total = await pending.CountAsync(cancellationToken);
            var items = await pending.Skip(Paging.Skip(query.Page, query.PageSize)).Take(query.PageSize).ToListAsync(cancellationToken);
            return new Result(items, query.Page, query.PageSize, total);
        }
    }

    internal static async Task<IResult> Endpoint(int? page, int? pageSize, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Query(page ?? 1, pageSize ?? MaxPageSize), cancellationToken));
}
