using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FeedbackService.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InsightDaysInSql : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "day",
                table: "insight_searches",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.AddColumn<DateOnly>(
                name: "day",
                table: "insight_referrals",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.AddColumn<int>(
                name: "response_tenths",
                table: "insight_referrals",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_insight_searches_day",
                table: "insight_searches",
                column: "day");

            migrationBuilder.CreateIndex(
                name: "ix_insight_referrals_day",
                table: "insight_referrals",
                column: "day");

            // Rows from before: their UK day and response time, as InsightReferral.Refresh and InsightSearch work them out.
            // SQLite holds an instant as EF's binary DateTimeOffset (ticks / 1000 shifted 11 bits, then the offset in
            // minutes); it has no time zones, so British Summer Time is worked out here: from 01:00 UTC on the last
            // Sunday of March to 01:00 UTC on the last Sunday of October.
            migrationBuilder.Sql($"UPDATE insight_searches SET day = datetime({UnixSeconds("at")}, 'unixepoch');");
            migrationBuilder.Sql($"UPDATE insight_referrals SET day = datetime({UnixSeconds("coalesce(requested_at, first_seen_at)")}, 'unixepoch');");
            foreach (var table in new[] { "insight_searches", "insight_referrals" })
                migrationBuilder.Sql($"""
                    UPDATE {table} SET day = CASE
                        WHEN day >= date(strftime('%Y', day) || '-03-25', 'weekday 0') || ' 01:00:00'
                         AND day < date(strftime('%Y', day) || '-10-25', 'weekday 0') || ' 01:00:00' THEN date(day, '+1 hour')
                        ELSE date(day) END;
                    """);
            migrationBuilder.Sql($"""
                UPDATE insight_referrals
                SET response_tenths = round(({UnixSeconds("min(coalesce(accepted_at, rejected_at), coalesce(rejected_at, accepted_at))")} - {UnixSeconds("requested_at")}) / 8640.0)
                WHERE requested_at IS NOT NULL AND coalesce(accepted_at, rejected_at) IS NOT NULL;
                UPDATE insight_referrals SET response_tenths = NULL WHERE response_tenths < 0;
                """);
        }

        private static string UnixSeconds(string column) =>
            $"((({column}) >> 11) * 1000 / 10000000 - 62135596800 - (CASE WHEN (({column}) & 2047) >= 1024 THEN (({column}) & 2047) - 2048 ELSE (({column}) & 2047) END) * 60)";

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_insight_searches_day",
                table: "insight_searches");

            migrationBuilder.DropIndex(
                name: "ix_insight_referrals_day",
                table: "insight_referrals");

            migrationBuilder.DropColumn(
                name: "day",
                table: "insight_searches");

            migrationBuilder.DropColumn(
                name: "day",
                table: "insight_referrals");

            migrationBuilder.DropColumn(
                name: "response_tenths",
                table: "insight_referrals");
        }
    }
}
