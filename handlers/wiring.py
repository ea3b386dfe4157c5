"""Every handler, registered in one place. Order matters, so it is spelled out here:

group -1  `membership.track` sees every update first and records the user and the chat.
group  0  the first handler that matches wins:
          1. commands (/start, /help, /ask, /activities, and the quiz's), from new messages only:
             an edited message is not a new question. /quiz is practice alone in a private chat
             and a round of polls in a group; /exam, /review and /progress are private only;
             /scenario and /chain work in both (a group's drill is everyone's);
          2. buttons, routed by their callback data pattern; anything unclaimed is stale;
          3. inline queries and poll answers (group rounds are scored from these);
          4. the bot's own membership changes;
          5. plain text: every message in a private chat, only addressed ones in groups;
          6. unknown commands, last, so known ones never reach it.
Channel posts match nothing here: the bot does not answer in channels.
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
    TypeHandler,
    filters,
)

from . import (
    activities,
    ask,
    buttons,
    chain,
    commands,
    errors,
    inline,
    membership,
    quiz_group,
    quiz_private,
    scenarios,
    start,
)

# what getUpdates / the webhook asks Telegram for (everything the handlers below can use)
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY, Update.POLL_ANSWER,
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
        CommandHandler(["stopquiz", "leaderboard"], quiz_group.group_only, filters=NEW_MESSAGE & PRIVATE),
        CommandHandler("scenario", scenarios.scenario_command, filters=NEW_MESSAGE),
        CommandHandler("chain", chain.chain_command, filters=NEW_MESSAGE),

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
        CallbackQueryHandler(buttons.stale_button),

        InlineQueryHandler(inline.inline_query),
        PollAnswerHandler(quiz_group.poll_answer),

        ChatMemberHandler(membership.bot_membership, ChatMemberHandler.MY_CHAT_MEMBER),

        MessageHandler(NEW_MESSAGE & PRIVATE & filters.TEXT & ~filters.COMMAND, ask.private_text),
        MessageHandler(NEW_MESSAGE & GROUPS & filters.TEXT & ~filters.COMMAND, ask.group_text),
        MessageHandler(NEW_MESSAGE & PRIVATE & ~filters.TEXT & ~filters.StatusUpdate.ALL, ask.private_non_text),

        MessageHandler(NEW_MESSAGE & filters.COMMAND, commands.unknown_command),
    ])
    app.add_error_handler(errors.on_error)
