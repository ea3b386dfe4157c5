"""Every handler, registered in one place. Order matters, so it is spelled out here:

group -1  `membership.track` sees every update first and records the user and the chat.
group  0  the first handler that matches wins:
          1. commands (/start, /help, /ask, /activities, and the quiz's), from new messages only:
             an edited message is not a new question. /quiz is practice alone in a private chat
             and a round of polls in a group; /exam, /review and /progress are private only;
             /scenario and /chain work in both (a group's drill is everyone's); /daily and
             /settings work in a group for that group, and in a private chat for a channel the
             user runs; /groupstats and /resetleaderboard are for groups; /forgetme is private
             (in a group it points there);
          2. buttons, routed by their callback data pattern; anything unclaimed is stale;
          3. inline queries, poll answers (group rounds and daily questions are scored from
             these) and poll states (a channel's daily poll counts);
          4. the bot's own membership changes, and a group becoming a supergroup (a new id);
          5. plain text: every message in a private chat, only addressed ones in groups;
          6. unknown commands, last, so known ones never reach it.
Channel posts match nothing here: the bot posts in channels on a schedule (handlers.daily)
and takes their settings from their admins in private chats.
"""
from __future__ import annotations

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    PollAnswerHandler,
    PollHandler,
    TypeHandler,
    filters,
)

from . import (
    activities,
    ask,
    buttons,
    chain,
    chat_settings,
    commands,
    daily,
    errors,
    groupstats,
    inline,
    membership,
    privacy,
    quiz_group,
    quiz_private,
    scenarios,
    start,
)

# what getUpdates / the webhook asks Telegram for (everything the handlers below can use)
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY, Update.POLL_ANSWER, Update.POLL,
                   Update.MY_CHAT_MEMBER]

NEW_MESSAGE = filters.UpdateType.MESSAGE
PRIVATE = filters.ChatType.PRIVATE
GROUPS = filters.ChatType.GROUPS


def register(app: Application) -> None:
    app.add_handler(TypeHandler(Update, membership.track), group=-1)

    app.add_handlers([
        CommandHandler("start", start.start, filters=NEW_MESSAGE),
        CommandHandler("help", start.help_command, filters=NEW_MESSAGE),
        CommandHandler("ask", ask.ask_command, filters=NEW_MESSAGE),
        CommandHandler("activities", activities.activities_command, filters=NEW_MESSAGE),
        CommandHandler("quiz", quiz_private.quiz_command, filters=NEW_MESSAGE & PRIVATE),
        CommandHandler("quiz", quiz_group.group_quiz_command, filters=NEW_MESSAGE & GROUPS),
        CommandHandler("exam", quiz_private.exam_command, filters=NEW_MESSAGE & PRIVATE),
        CommandHandler("review", quiz_private.review_command, filters=NEW_MESSAGE & PRIVATE),
        CommandHandler("progress", quiz_private.progress_command, filters=NEW_MESSAGE & PRIVATE),
        CommandHandler(["exam", "review", "progress"], quiz_private.elsewhere, filters=NEW_MESSAGE & GROUPS),
        CommandHandler("stopquiz", quiz_group.stop_quiz_command, filters=NEW_MESSAGE & GROUPS),
        CommandHandler("leaderboard", quiz_group.leaderboard_command, filters=NEW_MESSAGE & GROUPS),
        CommandHandler(["stopquiz", "leaderboard", "resetleaderboard"], quiz_group.group_only,
                       filters=NEW_MESSAGE & PRIVATE),
        CommandHandler("scenario", scenarios.scenario_command, filters=NEW_MESSAGE),
        CommandHandler("chain", chain.chain_command, filters=NEW_MESSAGE),
        CommandHandler("daily", daily.daily_command, filters=NEW_MESSAGE),
        CommandHandler("settings", chat_settings.settings_command, filters=NEW_MESSAGE),
        CommandHandler("resetleaderboard", chat_settings.reset_command, filters=NEW_MESSAGE & GROUPS),
        CommandHandler("groupstats", groupstats.groupstats_command, filters=NEW_MESSAGE & GROUPS),
        CommandHandler("groupstats", groupstats.private_groupstats, filters=NEW_MESSAGE & PRIVATE),
        CommandHandler("forgetme", privacy.forgetme_command, filters=NEW_MESSAGE & PRIVATE),
        CommandHandler("forgetme", privacy.forgetme_in_group, filters=NEW_MESSAGE & GROUPS),

        CallbackQueryHandler(ask.offered_question, pattern=buttons.AskOffered.PATTERN),
        CallbackQueryHandler(activities.card_button, pattern=buttons.ActivityList.PATTERN),
        CallbackQueryHandler(activities.card_button, pattern=buttons.ActivityCard.PATTERN),
        CallbackQueryHandler(start.help_button, pattern=buttons.ShowHelp.PATTERN),
        CallbackQueryHandler(quiz_private.answer_button, pattern=buttons.QuizAnswer.PATTERN),
        CallbackQueryHandler(quiz_private.stop_button, pattern=buttons.QuizStop.PATTERN),
        CallbackQueryHandler(quiz_private.start_button, pattern=buttons.QuizStart.PATTERN),
        CallbackQueryHandler(scenarios.toggle_button, pattern=buttons.DrillToggle.PATTERN),
        CallbackQueryHandler(scenarios.submit_button, pattern=buttons.DrillSubmit.PATTERN),
        CallbackQueryHandler(scenarios.start_button, pattern=buttons.DrillStart.PATTERN),
        CallbackQueryHandler(chat_settings.choose_button, pattern=buttons.ChooseChat.PATTERN),
        CallbackQueryHandler(chat_settings.setting_button, pattern=buttons.ChangeSetting.PATTERN),
        CallbackQueryHandler(chat_settings.reset_button, pattern=buttons.ConfirmReset.PATTERN),
        CallbackQueryHandler(privacy.forget_button, pattern=buttons.ConfirmForget.PATTERN),
        CallbackQueryHandler(buttons.stale_button),

        InlineQueryHandler(inline.inline_query),
        PollAnswerHandler(quiz_group.poll_answer),
        PollHandler(daily.poll_update),

        ChatMemberHandler(membership.bot_membership, ChatMemberHandler.MY_CHAT_MEMBER),
        MessageHandler(filters.StatusUpdate.MIGRATE, membership.chat_migrated),

        MessageHandler(NEW_MESSAGE & PRIVATE & filters.TEXT & ~filters.COMMAND, ask.private_text),
        MessageHandler(NEW_MESSAGE & GROUPS & filters.TEXT & ~filters.COMMAND, ask.group_text),
        MessageHandler(NEW_MESSAGE & PRIVATE & ~filters.TEXT & ~filters.StatusUpdate.ALL, ask.private_non_text),

        MessageHandler(NEW_MESSAGE & filters.COMMAND, commands.unknown_command),
    ])
    app.add_error_handler(errors.on_error)
