using System.Net.Http.Json;
using FeedbackService.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TestSupport;

namespace Feedback.Tests.Support;

public sealed record InboxItem(Guid Id, string Template, Guid? ReferralId, string Subject, string Body, DateTimeOffset CreatedAt, bool Read);

public sealed record InboxPage(int Unread, List<InboxItem> Items);

internal static class FeedbackApiExtensions
{
    public static async Task<List<InboxItem>> Inbox(this FeedbackApi api, string token, Guid referralId) =>
        (await api.Get<InboxPage>(token, "/api/feedback/inbox")).Items.Where(i => i.ReferralId == referralId).ToList();

    public static async Task<List<InboxItem>> WaitForInbox(this FeedbackApi api, string token, Guid referralId, string template)
    {
        List<InboxItem> items = [];
        await Eventually.Until(async () => (items = await api.Inbox(token, referralId)).Any(i => i.Template == template),
            TimeSpan.FromSeconds(30), $"'{template}' in the inbox");
        return items;
    }

    /// <summary>Reads the service's own database: what it really committed.</summary>
    public static async Task<T> InDb<T>(this FeedbackApi api, Func<FeedbackDb, Task<T>> read)
    {
        await using var scope = api.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<FeedbackDb>());
    }

    public static Task<List<string>> OutboxTypes(this FeedbackApi api) =>
        api.InDb(db => db.Outbox.AsNoTracking().OrderBy(m => m.Sequence).Select(m => m.MessageType + " " + m.Body).ToListAsync());

    public static async Task<HttpResponseMessage> PutAs(this FeedbackApi api, string? token, string path, object body)
    {
        using var http = api.ClientAs(token);
        return await http.PutAsJsonAsync(path, body);
    }

    public static async Task<HttpResponseMessage> PostAs(this FeedbackApi api, string? token, string path, object body)
    {
        using var http = api.ClientAs(token);
        return await http.PostAsJsonAsync(path, body);
    }
}
