//! belay-inject: does this text try to steer the agent that reads it?
